package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"terrarium/internal/api"
	"terrarium/schema"
)

// listShapes are environment objects in the shapes the API answers with:
// null and absent optional fields, each networking variant, self-hosted,
// an archived one, unknown fields.
var listShapes = []string{
	envJSON,
	`{"id":"env_2","type":"environment","name":"d","description":"","metadata":{"a":"b"},"scope":"organization",
"config":{"type":"cloud","packages":{"type":"packages","pip":["x==1"]},"networking":{"type":"limited","allowed_hosts":["https://a.example"],"allow_mcp_servers":true,"allow_package_managers":false}},
"created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z","archived_at":"2026-02-03T04:05:06.5Z","future_field":{"x":[1,2]}}`,
	`{"id":"env_3","name":"s","metadata":null,"scope":"workspace","config":{"type":"self_hosted"},"created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z"}`,
	`{"id":"env_4","name":"c","config":{"type":"cloud","packages":{}},"created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z"}`,
}

// TestListDecodesAsGet pins List's single-pass page decoding to the SDK's
// decoding of the same objects (Get): the same value for every shape.
func TestListDecodesAsGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if id, ok := strings.CutPrefix(r.URL.Path, "/v1/environments/"); ok {
			for _, s := range listShapes {
				if strings.Contains(s, `"id":"`+id+`"`) {
					_, _ = io.WriteString(w, s)
				}
			}
			return
		}
		_, _ = io.WriteString(w, `{"data":[`+strings.Join(listShapes, ",")+`],"next_page":null}`)
	}))
	defer srv.Close()
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	all, err := c.List(ctx, api.ListOptions{})
	if err != nil || len(all) != len(listShapes) {
		t.Fatalf("list: %d environments, %v", len(all), err)
	}
	for _, got := range all {
		want, err := c.Get(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: listed as\n%+v\nbut got as\n%+v", got.ID, got, want)
		}
	}
}

// TestMutationAnswersDecodeAsGet pins the single-pass decoding of a
// create's, update's and archive's answer to the SDK's decoding of the same
// object (Get): the same value for every shape.
func TestMutationAnswersDecodeAsGet(t *testing.T) {
	var answer string // what the next call answers
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
	defer srv.Close()
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, RateLimits: unpaced})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	spec := schema.EnvSpec{Name: "n", Config: schema.EnvConfig{Type: schema.ConfigSelfHosted}}
	id := "env_1" // the environment the calls are about, the answer's
	calls := map[string]func() (schema.LiveEnv, error){
		"create":  func() (schema.LiveEnv, error) { return c.Create(ctx, spec) },
		"update":  func() (schema.LiveEnv, error) { return c.Update(ctx, id, api.Update{Spec: spec}) },
		"archive": func() (schema.LiveEnv, error) { return c.Archive(ctx, id) },
	}
	for _, shape := range listShapes {
		answer = shape
		var named struct{ ID string }
		if err := json.Unmarshal([]byte(shape), &named); err != nil {
			t.Fatal(err)
		}
		id = named.ID
		want, err := c.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for op, call := range calls {
			got, err := call()
			if err != nil {
				t.Fatalf("%s: %v", op, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s of %s: decoded as\n%+v\nbut got as\n%+v", op, want.ID, got, want)
			}
		}
	}
	// An answer that is not an environment fails the call without quoting it.
	id, answer = "env_1", `{"id":"env_1","name":["secret-looking"]}`
	for op, call := range calls {
		if _, err := call(); err == nil || !strings.Contains(err.Error(), "not a valid environment") || strings.Contains(err.Error(), "secret-looking") {
			t.Errorf("%s of a bad answer: %v", op, err)
		}
	}
}

// TestListRefusesABadPage: a page that is not an environment list fails
// the list with where it went wrong, without quoting the answer.
func TestListRefusesABadPage(t *testing.T) {
	for _, body := range []string{`{"data":[{"id":"env_1","metadata":{"k":1}}]}`, `{"data":[`, `[]`} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		}))
		c, _ := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, MaxRetries: -1})
		_, err := c.List(context.Background(), api.ListOptions{})
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), "not a valid environment list") || strings.Contains(err.Error(), body) {
			t.Errorf("%s: got %v", body, err)
		}
	}
}

// TestListBoundsAHostileEndpoint: an endpoint that answers a page larger
// than asked for, or a body past MaxResponseBytes, is refused rather than
// trusted or read to the end.
func TestListBoundsAHostileEndpoint(t *testing.T) {
	env := func(i int) string {
		return fmt.Sprintf(`{"id":"env_%d","type":"environment","name":"e%d","description":"","metadata":{},"config":{"type":"self_hosted"},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}`, i, i)
	}
	oversized := func(w io.Writer) {
		_, _ = io.WriteString(w, `{"data":[`)
		for i := 0; i <= api.PageSize; i++ {
			if i > 0 {
				_, _ = io.WriteString(w, ",")
			}
			_, _ = io.WriteString(w, env(i))
		}
		_, _ = io.WriteString(w, `],"next_page":"more"}`)
	}
	huge := func(w io.Writer) {
		_, _ = io.WriteString(w, `{"data":[`+env(0)+`],"next_page":"`)
		chunk := strings.Repeat("x", 1<<20)
		for n := 0; n <= api.MaxResponseBytes>>20; n++ {
			if _, err := io.WriteString(w, chunk); err != nil {
				return // the client stopped reading
			}
		}
		_, _ = io.WriteString(w, `"}`)
	}
	for name, tc := range map[string]struct {
		write func(io.Writer)
		want  string
	}{
		"page larger than asked": {oversized, "on a page of at most"},
		"body past the bound":    {huge, "longer than"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				tc.write(w)
			}))
			defer srv.Close()
			c, _ := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, MaxRetries: -1})
			_, err := c.List(context.Background(), api.ListOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
