package api_test

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"

	"terrarium/internal/api"
)

// A credential in the API URL (a token as the user name, which Go's own
// *url.Error does not hide, or a query value) never reaches a transport
// error or the debug log: the dial fails, and both quote the URL redacted.
func TestTransportErrorsHideURLCredentials(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens: every attempt fails to connect
	var debug bytes.Buffer
	c, err := api.New(api.Options{BaseURL: "http://sk-USERTOKEN@" + addr + "/?key=QUERYTOKEN", APIKey: testKey, MaxRetries: 0, DebugLog: &debug})
	if err != nil {
		t.Fatal(err)
	}
	_, listErr := c.List(context.Background(), api.ListOptions{})
	_, getErr := c.Get(context.Background(), "env_1")
	for what, s := range map[string]string{"list": errString(listErr), "get": errString(getErr), "debug log": debug.String()} {
		if s == "" {
			t.Fatalf("%s: nothing to check", what)
		}
		if strings.Contains(s, "USERTOKEN") || strings.Contains(s, "QUERYTOKEN") {
			t.Errorf("%s holds the URL's credential: %s", what, s)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
