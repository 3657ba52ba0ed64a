package emulator

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"terrarium/internal/origin"
)

// OrganizationID is the stable, obviously fake organization id every
// emulator reports in the anthropic-organization-id header, as the API
// reports the credential's organization.
const OrganizationID = origin.EmulatorOrganizationID

// apiBeta is the beta the environments endpoints require. Any dated
// anthropic-version is accepted: API.md names 2023-06-01, the SDK v2.15.0
// sends 2026-10-21, and the emulator cannot know which the server retires.
const apiBeta = "managed-agents-2026-04-01"

// exchange is one request being answered, with what the log records.
type exchange struct {
	w       http.ResponseWriter
	r       *http.Request
	id      string
	start   time.Time
	body    []byte // request body, for the log
	status  int
	dropped bool
	log     *requestLog
	logged  bool
}

// record logs the exchange once, before the answer (or the cut) reaches
// the client, so a client that reacts to it already finds the entry.
func (x *exchange) record() {
	if !x.logged {
		x.logged = true
		x.log.add(x)
	}
}

// ServeHTTP answers the environments API under /v1/environments and the
// emulator's control endpoints under /_emulator/.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		e.serveControl(w, r)
		return
	}
	x := &exchange{w: w, r: r, id: e.randomID("req_"), start: time.Now(), log: &e.log}
	defer x.record()
	w.Header().Set("request-id", x.id)
	w.Header().Set(origin.OrganizationHeader, OrganizationID)
	if f := e.checkHeaders(r); f != nil {
		x.fail(f, "")
		return
	}
	route, id := routeOf(r.Method, r.URL.Path)
	if route == "" {
		x.fail(&Fault{Status: 404, Type: "not_found_error", Message: r.Method + " " + r.URL.Path + " not found"}, "")
		return
	}
	mutation := route != "get" && route != "list"
	if f, retryAfter := e.rateLimited(mutation); f != nil {
		x.fail(f, retryAfter)
		return
	}
	d := e.decide(r.Method, r.URL.Path, mutation)
	if d.delay > 0 && !e.sleep(r.Context(), d.delay) {
		x.status = 499 // the client went away
		return
	}
	if d.fault != nil {
		x.fail(d.fault, d.retryAfter)
		return
	}
	if d.body != nil {
		x.reply(d.status, d.body)
		return
	}
	body, f := e.dispatch(x, route, id)
	if f != nil {
		x.fail(f, "")
		return
	}
	if mutation && d.drop {
		x.dropped = true
		x.record()
		x.drop()
		return
	}
	if body == nil {
		x.noContent()
		return
	}
	x.reply(http.StatusOK, body)
}

// routeOf maps a method and path to an operation name and environment id.
func routeOf(method, path string) (route, id string) {
	rest, ok := strings.CutPrefix(path, "/v1/environments")
	if !ok {
		return "", ""
	}
	if rest == "" || rest == "/" {
		switch method {
		case http.MethodGet:
			return "list", ""
		case http.MethodPost:
			return "create", ""
		}
		return "", ""
	}
	rest = rest[1:]
	id, action, _ := strings.Cut(rest, "/")
	if id == "" || strings.Contains(action, "/") {
		return "", ""
	}
	switch {
	case action == "" && method == http.MethodGet:
		return "get", id
	case action == "" && method == http.MethodPost:
		return "update", id
	case action == "" && method == http.MethodDelete:
		return "delete", id
	case action == "archive" && method == http.MethodPost:
		return "archive", id
	}
	return "", ""
}

func (e *Emulator) dispatch(x *exchange, route, id string) ([]byte, *Fault) {
	switch route {
	case "list":
		lq, f := e.parseList(x.r.URL.Query())
		if f != nil {
			return nil, f
		}
		return e.list(lq), nil
	case "get":
		return e.get(id)
	case "archive":
		return e.archive(id)
	case "delete":
		return e.delete(id)
	}
	req, f := decodeWrite(x.readBody())
	if f != nil {
		return nil, f
	}
	if route == "create" {
		return e.create(req)
	}
	return e.update(id, req)
}

// checkHeaders applies authentication and the required version headers.
func (e *Emulator) checkHeaders(r *http.Request) *Fault {
	key := r.Header.Get("x-api-key")
	if key == "" {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			key = tok
		}
	}
	if key == "" {
		return &Fault{Status: 401, Type: "authentication_error", Message: "x-api-key header is required"}
	}
	if e.opts.APIKey != "" && subtle.ConstantTimeCompare([]byte(key), []byte(e.opts.APIKey)) != 1 {
		return &Fault{Status: 401, Type: "authentication_error", Message: "invalid x-api-key"}
	}
	if v := r.Header.Get("anthropic-version"); v == "" {
		return invalid("anthropic-version: header is required")
	} else if _, err := time.Parse(time.DateOnly, v); err != nil {
		return invalid("anthropic-version: " + strconv.Quote(v) + " is not a version (YYYY-MM-DD)")
	}
	for _, v := range r.Header.Values("anthropic-beta") {
		for _, b := range strings.Split(v, ",") {
			if strings.TrimSpace(b) == apiBeta {
				return nil
			}
		}
	}
	return invalid("anthropic-beta: the environments API requires the " + apiBeta + " beta header")
}

func (e *Emulator) sleep(ctx context.Context, d time.Duration) bool {
	if e.opts.Sleep != nil {
		e.opts.Sleep(d)
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (x *exchange) readBody() io.Reader {
	x.body, _ = io.ReadAll(io.LimitReader(x.r.Body, maxBody+1))
	return bytes.NewReader(x.body)
}

func (x *exchange) reply(status int, body []byte) {
	x.status = status
	x.record()
	h := x.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	x.w.WriteHeader(status)
	_, _ = x.w.Write(body)
}

// noContent answers 204 with no body (a delete under Options.DeleteNoContent).
func (x *exchange) noContent() {
	x.status = http.StatusNoContent
	x.record()
	x.w.WriteHeader(http.StatusNoContent)
}

func (x *exchange) fail(f *Fault, retryAfter string) {
	if retryAfter != "" {
		x.w.Header().Set("Retry-After", retryAfter)
	}
	b, _ := json.Marshal(f.body())
	x.reply(f.Status, b)
}

// drop cuts the connection without an answer: the change is already stored.
func (x *exchange) drop() {
	if hj, ok := x.w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // HTTP/2 or a recorder: abort the response
}
