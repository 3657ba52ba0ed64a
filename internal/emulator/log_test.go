package emulator

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestRequestLogRingKeepsNewest(t *testing.T) {
	e, _ := New(Options{LogSize: 3})
	for i := range 7 {
		x := &exchange{r: httptest.NewRequest("GET", "/v1/environments?n="+strconv.Itoa(i), nil), start: time.Now()}
		e.log.add(x)
	}
	got := e.Requests()
	if len(got) != 3 || got[0].Query != "n=4" || got[2].Query != "n=6" {
		t.Fatalf("%+v", got)
	}
	e.ClearRequests()
	if len(e.Requests()) != 0 {
		t.Fatal("not cleared")
	}
}

func TestInjectionAfterAndPath(t *testing.T) {
	e, _ := New(Options{Seed: 1})
	if err := e.Inject(Injection{Status: 500, Method: "POST", Path: "/v1/environments/env_x", After: 1, Count: 2}); err != nil {
		t.Fatal(err)
	}
	var got []bool
	for _, p := range []string{"/v1/environments", "/v1/environments/env_x", "/v1/environments/env_x/archive", "/v1/environments/env_x", "/v1/environments/env_x"} {
		got = append(got, e.decide("POST", p, true).fault != nil)
	}
	if want := []bool{false, false, true, true, false}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v want %v", got, want)
	}
	if e.Inject(Injection{}) == nil || e.Inject(Injection{Status: 200}) == nil {
		t.Fatal("bad injections accepted")
	}
}
