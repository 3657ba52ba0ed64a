package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/internal/origin"
)

// The organization comes from the API's anthropic-organization-id header,
// read through the SDK's response; the URL and workspace from the options.
func TestOriginReportsTheOrganizationTheAPIAnswersWith(t *testing.T) {
	c, _ := newTestClient(t, func(o *api.Options) { o.WorkspaceID = "wrkspc_1" })
	if got := api.OriginOf(c).OrganizationID; got != "" {
		t.Fatalf("organization before any answer = %q", got)
	}
	if _, err := c.List(context.Background(), api.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	o := api.OriginOf(c)
	if o.OrganizationID != emulator.OrganizationID || o.WorkspaceID != "wrkspc_1" || o.APIURL == "" || o.Emulator {
		t.Fatalf("origin = %+v", o)
	}
}

// An organization id that is not a plain id (an API answer is hostile
// input) is not recorded.
func TestOriginIgnoresAnOddOrganizationHeader(t *testing.T) {
	emu, err := emulator.New(emulator.Options{APIKey: testKey, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(origin.OrganizationHeader, "org 1; evil=1")
		emu.ServeHTTP(&headerKeeper{ResponseWriter: w}, r)
	}))
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.List(context.Background(), api.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := api.OriginOf(c).OrganizationID; got != "" {
		t.Fatalf("recorded organization %q", got)
	}
}

// headerKeeper keeps the odd header the test set: the emulator sets its
// own organization header, which this writer drops.
type headerKeeper struct{ http.ResponseWriter }

func (h *headerKeeper) WriteHeader(code int) {
	h.ResponseWriter.Header().Set(origin.OrganizationHeader, "org 1; evil=1")
	h.ResponseWriter.WriteHeader(code)
}

func (h *headerKeeper) Write(b []byte) (int, error) {
	h.ResponseWriter.Header().Set(origin.OrganizationHeader, "org 1; evil=1")
	return h.ResponseWriter.Write(b)
}
