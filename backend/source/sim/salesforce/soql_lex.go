package salesforcesim

import (
	"regexp"
	"strconv"
	"strings"
)

type tokKind uint8

const (
	tkEOF tokKind = iota
	tkIdent
	tkString
	tkNumber
	tkDateTime
	tkComma
	tkLParen
	tkRParen
	tkOp
)

type token struct {
	kind tokKind
	text string // as written
	str  string // unescaped value of a string literal
	pos  int    // byte offset in the query
}

// soqlError is a query error; pos >= 0 adds Salesforce's excerpt, caret and
// "ERROR at Row:R:Column:C" lines to the message.
type soqlError struct {
	code string
	msg  string
	pos  int
}

func malformed(pos int, msg string) *soqlError { return &soqlError{"MALFORMED_QUERY", msg, pos} }

// message renders the error the way the query resource reports it.
func (e *soqlError) message(q string) string {
	if e.pos < 0 {
		return e.msg
	}
	pos := min(e.pos, len(q))
	row, lineStart := 1, 0
	for i := 0; i < pos; i++ {
		if q[i] == '\n' {
			row, lineStart = row+1, i+1
		}
	}
	lineEnd := strings.IndexByte(q[lineStart:], '\n')
	if lineEnd < 0 {
		lineEnd = len(q)
	} else {
		lineEnd += lineStart
	}
	col := pos - lineStart + 1
	// Long lines are shown from a word boundary shortly before the error.
	start := lineStart
	if col > 41 {
		start = pos - 40
		if sp := strings.IndexByte(q[start:pos], ' '); sp >= 0 {
			start += sp + 1
		}
	}
	return "\n" + q[start:lineEnd] + "\n" + strings.Repeat(" ", pos-start) + "^\nERROR at Row:" +
		strconv.Itoa(row) + ":Column:" + strconv.Itoa(col) + "\n" + e.msg
}

var dateTimeLiteral = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})`)

func isIdentStart(c byte) bool { return isLetter(c) || c == '_' }

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '.' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lex splits a SOQL statement into tokens.
func lex(q string) ([]token, *soqlError) {
	var toks []token
	i := 0
	for i < len(q) {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case isIdentStart(c):
			j := i + 1
			for j < len(q) && isIdentChar(q[j]) {
				j++
			}
			toks = append(toks, token{kind: tkIdent, text: q[i:j], pos: i})
			i = j
			continue
		case isDigit(c) || c == '-' && i+1 < len(q) && isDigit(q[i+1]) || c == '+' && i+1 < len(q) && isDigit(q[i+1]):
			if m := dateTimeLiteral.FindString(q[i:]); m != "" && isDigit(c) {
				toks = append(toks, token{kind: tkDateTime, text: m, pos: i})
				i += len(m)
				continue
			}
			j := i + 1
			for j < len(q) && (isDigit(q[j]) || q[j] == '.') {
				j++
			}
			toks = append(toks, token{kind: tkNumber, text: q[i:j], pos: i})
			i = j
			continue
		case c == '\'':
			t, n, err := lexString(q, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i += n
			continue
		case c == ',':
			toks = append(toks, token{kind: tkComma, text: ",", pos: i})
		case c == '(':
			toks = append(toks, token{kind: tkLParen, text: "(", pos: i})
		case c == ')':
			toks = append(toks, token{kind: tkRParen, text: ")", pos: i})
		case c == '=':
			toks = append(toks, token{kind: tkOp, text: "=", pos: i})
		case c == '!' && i+1 < len(q) && q[i+1] == '=':
			toks = append(toks, token{kind: tkOp, text: "!=", pos: i})
			i++
		case c == '<' || c == '>':
			op := string(c)
			if i+1 < len(q) && (q[i+1] == '=' || c == '<' && q[i+1] == '>') {
				op += string(q[i+1])
				i++
			}
			toks = append(toks, token{kind: tkOp, text: op, pos: i - len(op) + 1})
		default:
			return nil, malformed(i, "line 1:"+strconv.Itoa(i)+" no viable alternative at character '"+string(c)+"'")
		}
		i++
	}
	return append(toks, token{kind: tkEOF, text: "<EOF>", pos: len(q)}), nil
}

// lexString reads the quoted literal whose opening quote is at q[i]; it returns the token
// and its length.
func lexString(q string, i int) (token, int, *soqlError) {
	var b strings.Builder
	j := i + 1
	for j < len(q) {
		c := q[j]
		switch {
		case c == '\\' && j+1 < len(q):
			switch e := q[j+1]; e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case '\'', '"', '\\':
				b.WriteByte(e)
			case '_', '%':
				b.WriteByte('\\') // kept escaped for LIKE patterns
				b.WriteByte(e)
			default:
				return token{}, 0, malformed(j, "Invalid string literal '"+q[i:min(len(q), j+2)]+"'. Illegal character sequence '\\"+string(e)+"' in string literal.")
			}
			j += 2
		case c == '\'':
			return token{kind: tkString, text: q[i : j+1], str: b.String(), pos: i}, j + 1 - i, nil
		default:
			b.WriteByte(c)
			j++
		}
	}
	return token{}, 0, malformed(len(q), "line 1:"+strconv.Itoa(len(q))+" mismatched character '<EOF>' expecting '''")
}
