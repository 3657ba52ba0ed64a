package state

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxLine bounds one record; a checkpoint of a large stack is the biggest.
const maxLine = 256 << 20

// ScanLines calls fn for every line of r (without its newline), with its
// 1-based line number. A last line without a newline is passed with
// complete false.
func ScanLines(ctx context.Context, r io.Reader, fn func(n int64, line []byte, complete bool) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var n int64
	var long []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, chunk...)
			if len(long) > maxLine {
				return fmt.Errorf("line %d is longer than %d bytes", n+1, maxLine)
			}
			continue
		}
		line := chunk
		if long != nil {
			line = append(long, chunk...)
			long = nil
		}
		if len(line) > 0 {
			n++
			if n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			complete := line[len(line)-1] == '\n'
			if complete {
				line = line[:len(line)-1]
			}
			if ferr := fn(n, line, complete); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// ScanFile decodes every record of a log file in order, checking the hash
// chain, and calls fn with each line and record. It stops at the first bad
// record with a *RecordError (or *FutureVersionError).
func ScanFile(ctx context.Context, path string, fn func(line []byte, rec Record) error) error {
	f, err := openLog(path, os.O_RDONLY)
	if err != nil {
		return err
	}
	defer f.Close()
	return scanRecords(ctx, f, fn)
}

// scanRecords decodes and chains the records of r; see ScanFile.
func scanRecords(ctx context.Context, r io.Reader, fn func(line []byte, rec Record) error) error {
	var chain Chain
	return ScanLines(ctx, r, func(n int64, line []byte, complete bool) error {
		if !complete {
			return &RecordError{Seq: n, Reason: "incomplete last line (no newline)"}
		}
		rec, err := Decode(line, n)
		if err == nil {
			err = chain.Link(line, &rec)
		}
		if err == nil && n == 1 && rec.Kind != KindInit {
			err = &RecordError{Seq: 1, Reason: fmt.Sprintf("the first record is %s, not init", rec.Kind)}
		}
		if err != nil {
			return err
		}
		return fn(line, rec)
	})
}
