package emulator

import (
	"sync"
	"time"
)

// LogEntry is one API request as the emulator saw it. It never holds a
// credential: headers are not recorded, only the body.
type LogEntry struct {
	Time      time.Time `json:"time"`
	Method    string    `json:"method"`
	Path      string    `json:"path"`
	Query     string    `json:"query,omitempty"`
	Status    int       `json:"status"` // 0 when the connection was dropped
	Dropped   bool      `json:"dropped,omitempty"`
	RequestID string    `json:"request_id"`
	Duration  Duration  `json:"duration"`
	// Body is the request body (create and update), verbatim.
	Body string `json:"body,omitempty"`
	// WorkspaceID is the anthropic-workspace-id header, if sent.
	WorkspaceID string `json:"workspace_id,omitempty"`
	UserAgent   string `json:"user_agent,omitempty"`
}

// requestLog keeps the last max entries in a ring: adding is O(1).
type requestLog struct {
	mu      sync.Mutex
	max     int
	entries []LogEntry
	next    int // where the next entry goes once the ring is full
	notify  func(LogEntry)
}

func (l *requestLog) add(x *exchange) {
	en := LogEntry{
		Time: x.start.UTC(), Method: x.r.Method, Path: x.r.URL.Path, Query: x.r.URL.RawQuery,
		Status: x.status, Dropped: x.dropped, RequestID: x.id, Duration: Duration(time.Since(x.start)),
		Body: string(x.body), WorkspaceID: x.r.Header.Get("anthropic-workspace-id"), UserAgent: x.r.Header.Get("User-Agent"),
	}
	if en.Dropped {
		en.Status = 0
	}
	if l.notify != nil {
		l.notify(en)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) < l.max {
		l.entries = append(l.entries, en)
		return
	}
	l.entries[l.next] = en
	l.next = (l.next + 1) % l.max
}

// Requests returns the logged API requests, oldest first.
func (e *Emulator) Requests() []LogEntry {
	e.log.mu.Lock()
	defer e.log.mu.Unlock()
	l := &e.log
	out := make([]LogEntry, 0, len(l.entries))
	out = append(out, l.entries[l.next:]...)
	return append(out, l.entries[:l.next]...)
}

// ClearRequests empties the request log.
func (e *Emulator) ClearRequests() {
	e.log.mu.Lock()
	defer e.log.mu.Unlock()
	e.log.entries, e.log.next = nil, 0
}
