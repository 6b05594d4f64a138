package simkit

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Lifecycle runs a simulator's handler on a loopback address and stops it. The zero value
// is ready; a Lifecycle must not be copied after first use.
type Lifecycle struct {
	mu  sync.Mutex
	srv *http.Server
	url atomic.Pointer[string]

	initOnce  sync.Once
	closed    chan struct{}
	closeOnce sync.Once
}

// Start listens on addr, which must be a loopback address such as "127.0.0.1:0", serves h
// in the background and returns the base URL "http://host:port". name prefixes errors.
func (l *Lifecycle) Start(name, addr string, h http.Handler) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.srv != nil {
		return "", errors.New(name + ": already started")
	}
	if host, _, err := net.SplitHostPort(addr); err != nil || !IsLoopback(host) {
		return "", errors.New(name + ": listens on loopback addresses only (e.g. 127.0.0.1:0), got " + addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	l.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	u := "http://" + ln.Addr().String()
	l.url.Store(&u)
	go func(srv *http.Server) { _ = srv.Serve(ln) }(l.srv)
	return u, nil
}

// IsLoopback reports whether host ("localhost" or an IP literal) is a loopback address.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// URL is the base URL returned by Start, or "" before Start.
func (l *Lifecycle) URL() string {
	if u := l.url.Load(); u != nil {
		return *u
	}
	return ""
}

// Closed is closed by Close: requests held by a "timeout" fault wait on it.
func (l *Lifecycle) Closed() <-chan struct{} {
	l.initOnce.Do(func() { l.closed = make(chan struct{}) })
	return l.closed
}

// Close releases requests waiting on Closed and stops the server started by Start: a
// graceful shutdown of 100 ms at most, then a hard close.
func (l *Lifecycle) Close() error {
	l.Closed()
	l.closeOnce.Do(func() { close(l.closed) })
	l.mu.Lock()
	srv := l.srv
	l.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return srv.Close()
	}
	return nil
}
