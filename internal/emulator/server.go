package emulator

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Server is an Emulator listening on a TCP address.
type Server struct {
	*Emulator
	// URL is the base URL clients use, e.g. http://127.0.0.1:4010.
	URL string

	srv  *http.Server
	ln   net.Listener
	done chan error
}

// Listen creates an emulator and listens on addr ("127.0.0.1:0" picks a
// free port). Call Serve, or Start to serve in the background.
func Listen(addr string, opts Options) (*Server, error) {
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		Emulator: e,
		URL:      "http://" + ln.Addr().String(),
		srv:      &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second},
		ln:       ln,
		done:     make(chan error, 1),
	}
	return s, nil
}

// Start listens on addr and serves in the background until Close.
func Start(addr string, opts Options) (*Server, error) {
	s, err := Listen(addr, opts)
	if err != nil {
		return nil, err
	}
	go func() { s.done <- s.Serve() }()
	return s, nil
}

// Serve answers requests until Shutdown or Close.
func (s *Server) Serve() error {
	err := s.srv.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting requests and waits for the ones in flight.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.srv.Shutdown(ctx)
}

// Close stops the server at once.
func (s *Server) Close() error {
	return s.srv.Close()
}
