package emulator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// seed fills an emulator with n environments, one in three archived.
func seed(b *testing.B, n int) *Emulator {
	b.Helper()
	e, err := New(Options{Seed: 1, Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		body := fmt.Sprintf(`{"name":"env-%05d","metadata":{"terrarium.stack":"bench"},"config":{"type":"cloud","packages":{"pip":["pandas==2.2.0"]},"networking":{"type":"limited","allowed_hosts":["https://api.example.com"],"allow_package_managers":true}}}`, i)
		req, _ := decodeWrite(strings.NewReader(body))
		raw, f := e.create(req)
		if f != nil {
			b.Fatal(f)
		}
		if i%3 == 0 {
			id := raw[len(`{"id":"`) : len(`{"id":"`)+len("env_")+24]
			if _, f := e.archive(string(id)); f != nil {
				b.Fatal(f)
			}
		}
	}
	return e
}

func listRequest(query string) *http.Request {
	r := httptest.NewRequest("GET", "/v1/environments?"+query, nil)
	r.Header.Set("x-api-key", "k")
	r.Header.Set("anthropic-version", "2023-06-01")
	r.Header.Set("anthropic-beta", "managed-agents-2026-04-01")
	return r
}

// BenchmarkEmulatorListScale compares a middle page at 1,000 and 10,000
// stored environments: the cost must not grow with the store.
func BenchmarkEmulatorListScale(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		e := seed(b, n)
		req := listRequest("limit=100&page=" + encodeCursor(uint64(n/2)))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				e.ServeHTTP(w, req)
			}
		})
	}
}

// BenchmarkEmulatorList measures the handler time of one 100-item list page
// at 10,000 stored environments, from the first page, a page in the middle
// (by cursor) and with archived environments included.
func BenchmarkEmulatorList(b *testing.B) {
	e := seed(b, 10000)
	mid := encodeCursor(5000)
	for _, tc := range []struct{ name, query string }{
		{"first", "limit=100"},
		{"middle", "limit=100&page=" + mid},
		{"archived", "limit=100&include_archived=true&page=" + mid},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := listRequest(tc.query)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				e.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatal(w.Code, w.Body.String())
				}
			}
		})
	}
}
