package salesforcesim

import (
	"strconv"
	"strings"
)

// stmt is a parsed (not yet resolved) SOQL statement of the supported subset:
//
//	SELECT COUNT() | field, ... FROM object [WHERE cond] [ORDER BY field [ASC|DESC]
//	[NULLS FIRST|LAST], ...] [LIMIT n] [OFFSET n]
//
// where cond combines comparisons (=, !=, <>, <, <=, >, >=, LIKE, IN, NOT IN) with AND, OR,
// NOT and parentheses, and values are strings, numbers, true/false/null or dateTimes.
type stmt struct {
	count  bool
	fields []token
	object token
	where  *cond
	order  []orderTerm
	limit  int // -1 for none
	offset int
}

type cond struct {
	op     string // "and", "or", "not", "cmp"
	kids   []*cond
	field  token
	cmp    string // "=", "!=", "<", "<=", ">", ">=", "like", "in", "not in"
	values []token
}

type orderTerm struct {
	field      token
	desc       bool
	nullsFirst bool
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tkEOF {
		p.i++
	}
	return t
}

// isKw reports whether t is the keyword kw (case-insensitive).
func isKw(t token, kw string) bool { return t.kind == tkIdent && strings.EqualFold(t.text, kw) }

func (p *parser) acceptKw(kw string) bool {
	if isKw(p.peek(), kw) {
		p.i++
		return true
	}
	return false
}

func unexpected(t token) *soqlError {
	return malformed(t.pos, "unexpected token: '"+t.text+"'")
}

func (p *parser) expectKw(kw string) *soqlError {
	if !p.acceptKw(kw) {
		return unexpected(p.peek())
	}
	return nil
}

func (p *parser) expect(k tokKind) (token, *soqlError) {
	t := p.next()
	if t.kind != k {
		return t, unexpected(t)
	}
	return t, nil
}

var reserved = map[string]bool{"select": true, "from": true, "where": true, "order": true, "by": true,
	"limit": true, "offset": true, "and": true, "or": true, "not": true, "in": true, "like": true,
	"asc": true, "desc": true, "nulls": true, "null": true, "true": true, "false": true, "group": true,
	"having": true, "with": true, "for": true, "using": true, "includes": true, "excludes": true}

// fieldToken reads a field path.
func (p *parser) fieldToken() (token, *soqlError) {
	t := p.next()
	if t.kind != tkIdent || reserved[strings.ToLower(t.text)] || strings.HasSuffix(t.text, ".") {
		return t, unexpected(t)
	}
	return t, nil
}

func parseSOQL(q string) (*stmt, *soqlError) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	st := &stmt{limit: -1}
	if err := p.expectKw("SELECT"); err != nil {
		return nil, err
	}
	if isKw(p.peek(), "COUNT") && p.toks[p.i+1].kind == tkLParen {
		p.i += 2
		if _, err := p.expect(tkRParen); err != nil {
			return nil, err
		}
		st.count = true
	} else {
		for {
			f, err := p.fieldToken()
			if err != nil {
				return nil, err
			}
			st.fields = append(st.fields, f)
			if p.peek().kind != tkComma {
				break
			}
			p.i++
		}
	}
	if err := p.expectKw("FROM"); err != nil {
		return nil, err
	}
	obj, err := p.expect(tkIdent)
	if err != nil {
		return nil, err
	}
	st.object = obj
	if p.acceptKw("WHERE") {
		if st.where, err = p.orExpr(); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("ORDER") {
		if err := p.expectKw("BY"); err != nil {
			return nil, err
		}
		for {
			o, err := p.orderTerm()
			if err != nil {
				return nil, err
			}
			st.order = append(st.order, o)
			if p.peek().kind != tkComma {
				break
			}
			p.i++
		}
	}
	if p.acceptKw("LIMIT") {
		if st.limit, err = p.count(); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("OFFSET") {
		t := p.peek()
		if st.offset, err = p.count(); err != nil {
			return nil, err
		}
		if st.offset > 2000 {
			return nil, &soqlError{"NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000", t.pos}
		}
	}
	if t := p.peek(); t.kind != tkEOF {
		return nil, unexpected(t)
	}
	return st, nil
}

func (p *parser) count() (int, *soqlError) {
	t := p.next()
	n, err := strconv.Atoi(t.text)
	if t.kind != tkNumber || err != nil || n < 0 {
		return 0, unexpected(t)
	}
	return n, nil
}

func (p *parser) orderTerm() (orderTerm, *soqlError) {
	f, err := p.fieldToken()
	if err != nil {
		return orderTerm{}, err
	}
	o := orderTerm{field: f}
	if p.acceptKw("DESC") {
		o.desc = true
	} else {
		p.acceptKw("ASC")
	}
	o.nullsFirst = !o.desc
	if p.acceptKw("NULLS") {
		switch {
		case p.acceptKw("FIRST"):
			o.nullsFirst = true
		case p.acceptKw("LAST"):
			o.nullsFirst = false
		default:
			return o, unexpected(p.peek())
		}
	}
	return o, nil
}

// orExpr parses a condition. Like SOQL, it refuses AND and OR mixed at one level without
// parentheses.
func (p *parser) orExpr() (*cond, *soqlError) {
	first, err := p.unary()
	if err != nil {
		return nil, err
	}
	kids, op := []*cond{first}, ""
	for {
		t := p.peek()
		var this string
		switch {
		case isKw(t, "AND"):
			this = "and"
		case isKw(t, "OR"):
			this = "or"
		default:
			if op == "" {
				return first, nil
			}
			return &cond{op: op, kids: kids}, nil
		}
		if op != "" && op != this {
			return nil, unexpected(t)
		}
		op = this
		p.i++
		k, err := p.unary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
}

func (p *parser) unary() (*cond, *soqlError) {
	if p.acceptKw("NOT") {
		k, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &cond{op: "not", kids: []*cond{k}}, nil
	}
	if p.peek().kind == tkLParen {
		p.i++
		c, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tkRParen); err != nil {
			return nil, err
		}
		return c, nil
	}
	f, err := p.fieldToken()
	if err != nil {
		return nil, err
	}
	c := &cond{op: "cmp", field: f}
	t := p.next()
	switch {
	case t.kind == tkOp:
		c.cmp = t.text
		if c.cmp == "<>" {
			c.cmp = "!="
		}
	case isKw(t, "LIKE"):
		c.cmp = "like"
	case isKw(t, "IN"):
		c.cmp = "in"
	case isKw(t, "NOT") && p.acceptKw("IN"):
		c.cmp = "not in"
	default:
		return nil, unexpected(t)
	}
	if c.cmp == "in" || c.cmp == "not in" {
		if _, err := p.expect(tkLParen); err != nil {
			return nil, err
		}
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			c.values = append(c.values, v)
			if p.peek().kind != tkComma {
				break
			}
			p.i++
		}
		if _, err := p.expect(tkRParen); err != nil {
			return nil, err
		}
		return c, nil
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	c.values = []token{v}
	return c, nil
}

func (p *parser) value() (token, *soqlError) {
	t := p.next()
	switch {
	case t.kind == tkString, t.kind == tkNumber, t.kind == tkDateTime:
		return t, nil
	case isKw(t, "null"), isKw(t, "true"), isKw(t, "false"):
		return t, nil
	}
	return t, unexpected(t)
}
