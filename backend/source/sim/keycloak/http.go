package keycloaksim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// Messages Keycloak puts in "error" for its standard JAX-RS exceptions.
const (
	msgNotFound     = "HTTP 404 Not Found"
	msgUnauthorized = "HTTP 401 Unauthorized"
	msgForbidden    = "HTTP 403 Forbidden"
	msgNotAllowed   = "HTTP 405 Method Not Allowed"
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.revoked.ServeControl(w, r) {
		return
	}
	s.requests.Add(1)
	if !simkit.Delay(r, time.Duration(s.latency.Load())) {
		return
	}
	segs, ok := s.split(r)
	if !ok {
		writeKCError(w, http.StatusNotFound, msgNotFound, "")
		return
	}
	if s.rateLimited.Load() {
		writeText(w, http.StatusTooManyRequests, "Too Many Requests")
		return
	}
	if ok, b := s.bucket.Take(s.now()); !ok {
		// What a rate-limiting proxy in front of Keycloak answers (e.g. nginx limit_req with a
		// Retry-After added, or an API gateway).
		w.Header().Set("Retry-After", strconv.Itoa(b.RetryAfter))
		writeText(w, http.StatusTooManyRequests, "Too Many Requests")
		return
	}
	if f, ok := s.faults.Take(faultClasses(r.Method, segs)...); ok {
		s.serveFault(w, r, f, segs)
		return
	}
	s.route(w, r, segs)
}

// split strips the context path and returns the unescaped path segments.
func (s *Server) split(r *http.Request) ([]string, bool) {
	p := r.URL.EscapedPath()
	if s.cfg.ContextPath != "" {
		rest, ok := strings.CutPrefix(p, s.cfg.ContextPath)
		if !ok || (rest != "" && rest[0] != '/') {
			return nil, false
		}
		p = rest
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return nil, true
	}
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		u, err := url.PathUnescape(seg)
		if err != nil {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, segs []string) {
	switch {
	case len(segs) >= 2 && segs[0] == "realms":
		if segs[1] != s.realm {
			writeKCError(w, http.StatusNotFound, "Realm does not exist", "")
			return
		}
		rest := strings.Join(segs[2:], "/")
		switch rest {
		case ".well-known/openid-configuration":
			if allow(w, r, "GET") {
				s.handleDiscovery(w, r)
			}
		case "protocol/openid-connect/token":
			s.handleToken(w, r)
		case "protocol/openid-connect/auth":
			s.handleAuth(w, r)
		case "protocol/openid-connect/revoke":
			s.handleRevoke(w, r)
		default:
			writeKCError(w, http.StatusNotFound, msgNotFound, "")
		}
	case len(segs) >= 3 && segs[0] == "admin" && segs[1] == "realms":
		s.handleAdmin(w, r, segs[2], segs[3:])
	default:
		writeKCError(w, http.StatusNotFound, msgNotFound, "")
	}
}

// baseURL is the simulator's own base URL with the context path: the started one, else the
// request's host.
func (s *Server) baseURL(r *http.Request) string {
	return simkit.BaseURL(s.URL(), r) + s.cfg.ContextPath
}

func (s *Server) issuer(r *http.Request) string {
	return s.baseURL(r) + "/realms/" + url.PathEscape(s.realm)
}

func bearer(r *http.Request) string { return simkit.BearerToken(r) }

// allow writes 405 unless the request's method is one of methods (HEAD counts as GET).
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	if simkit.MethodIn(r, methods...) {
		return true
	}
	writeKCError(w, http.StatusMethodNotAllowed, msgNotAllowed, "")
	return false
}

// intParam reads an integer query parameter. A value that is not an integer is a 404 in
// Keycloak (JAX-RS cannot bind it), reported by ok=false.
func intParam(q url.Values, name string, def int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// writeKCError writes Keycloak's OAuth2ErrorRepresentation: {"error": …, "error_description": …}.
func writeKCError(w http.ResponseWriter, status int, code, desc string) {
	body := map[string]string{"error": code}
	if desc != "" {
		body["error_description"] = desc
	}
	writeJSON(w, status, body)
}

// writeErrorMessage writes the ErrorRepresentation admin validation errors use.
func writeErrorMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"errorMessage": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

// writeHTMLError is the login theme's error page, which the authorization endpoint shows
// when it cannot redirect back to the client.
func writeHTMLError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><div id=\"kc-error-message\">" +
		"<p class=\"instruction\">" + htmlEscape(msg) + "</p></div></body></html>\n"))
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
