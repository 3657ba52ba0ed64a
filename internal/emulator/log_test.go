package emulator

import (
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
