package session

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite frontend/src/api/codes.ts from codes.go")

// codesTS is where the frontend's copy of the list lives, from this package's folder.
var codesTS = filepath.Join("..", "..", "frontend", "src", "api", "codes.ts")

type code struct{ goName, value, doc string }

// listedCodes reads the const block of codes.go: names, values and the comment of each.
func listedCodes(t *testing.T) []code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var out []code
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if len(vs.Names) != 1 || len(vs.Values) != 1 {
				t.Fatalf("codes.go: one code per line, please (%v)", vs.Names)
			}
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Fatalf("codes.go: %s must be a string literal", vs.Names[0])
			}
			v, _ := strconv.Unquote(lit.Value)
			out = append(out, code{goName: vs.Names[0].Name, value: v, doc: strings.TrimSpace(vs.Doc.Text())})
		}
	}
	return out
}

// tsName turns CodeRateLimit into CODE_RATE_LIMIT.
func tsName(goName string) string {
	var b strings.Builder
	for i, r := range goName {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// renderTS is the generated TypeScript module.
func renderTS(codes []code) []byte {
	var b bytes.Buffer
	b.WriteString("// Generated from backend/session/codes.go by `go generate ./backend/session`: do not edit.\n")
	b.WriteString("// The Go test TestCodesFileIsCurrent fails while this file and the Go list differ.\n\n")
	for _, c := range codes {
		doc := strings.Join(strings.Fields(c.doc), " ")
		fmt.Fprintf(&b, "/** %s */\nexport const %s = '%s'\n", doc, tsName(c.goName), c.value)
	}
	b.WriteString("\n/** Every code an error may carry. */\nexport const ERROR_CODES = [\n")
	for _, c := range codes {
		fmt.Fprintf(&b, "  %s,\n", tsName(c.goName))
	}
	b.WriteString("] as const\n\nexport type ErrorCode = (typeof ERROR_CODES)[number]\n")
	return b.Bytes()
}

func TestCodesAreDocumentedAndDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, c := range listedCodes(t) {
		if !strings.HasPrefix(c.goName, "Code") {
			t.Errorf("%s: code constants are named Code…", c.goName)
		}
		if !strings.HasPrefix(c.doc, c.goName+" ") {
			t.Errorf("%s needs a comment saying what it means (starting with its name)", c.goName)
		}
		if prev, dup := seen[c.value]; dup {
			t.Errorf("%s and %s share the value %q", prev, c.goName, c.value)
		}
		seen[c.value] = c.goName
	}
	if len(seen) == 0 {
		t.Fatal("no codes found in codes.go")
	}
}

// The frontend's list is generated; this fails when someone changed one side only.
func TestCodesFileIsCurrent(t *testing.T) {
	want := renderTS(listedCodes(t))
	if *update {
		if err := os.WriteFile(codesTS, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(codesTS)
	if err != nil {
		t.Fatalf("%v: run `go generate ./backend/session`", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run `go generate ./backend/session`", codesTS)
	}
}

func TestTSNames(t *testing.T) {
	for in, want := range map[string]string{"CodeRateLimit": "CODE_RATE_LIMIT", "CodeAuth": "CODE_AUTH", "CodeNoBackend": "CODE_NO_BACKEND"} {
		if got := tsName(in); got != want {
			t.Errorf("tsName(%s) = %s, want %s", in, got, want)
		}
	}
}
