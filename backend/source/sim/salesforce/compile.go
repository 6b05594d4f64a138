package salesforcesim

import (
	"strconv"
	"strings"
	"time"
)

// projItem is one entry of a record's JSON: an own field, or a relationship object with the
// fields selected from it (in SELECT order).
type projItem struct {
	rel    rel
	fields []fieldID
}

type orderSpec struct {
	f          fieldID
	desc       bool
	nullsFirst bool
}

// plan is an executable query.
type plan struct {
	count  bool
	proj   []projItem
	where  pred // nil selects every row
	order  []orderSpec
	limit  int
	offset int
}

type pred func(ec *evalCtx, i int32) bool

// compileQuery parses q and resolves it against AuthSession at API version ver.
func compileQuery(q string, ver int, ids *idSpaces) (*plan, *soqlError) {
	st, err := parseSOQL(q)
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(st.object.text, "AuthSession") {
		return nil, &soqlError{"INVALID_TYPE", "sObject type '" + st.object.text + "' is not supported. " +
			"If you are attempting to use a custom object, be sure to append the '__c' after the entity name. " +
			"Please reference your WSDL or the describe call for the appropriate names.", st.object.pos}
	}
	p := &plan{count: st.count, limit: st.limit, offset: st.offset}
	seen := map[fieldID]bool{}
	relAt := map[rel]int{}
	for _, t := range st.fields {
		f, ferr := resolveField(t.text, ver)
		if ferr != nil {
			return nil, &soqlError{ferr.code, ferr.msg, t.pos}
		}
		if seen[f] {
			return nil, malformed(t.pos, "duplicate field selected: "+t.text)
		}
		seen[f] = true
		r := fields[f].rel
		if r == relNone {
			p.proj = append(p.proj, projItem{fields: []fieldID{f}})
			continue
		}
		if k, ok := relAt[r]; ok {
			p.proj[k].fields = append(p.proj[k].fields, f)
			continue
		}
		relAt[r] = len(p.proj)
		p.proj = append(p.proj, projItem{rel: r, fields: []fieldID{f}})
	}
	if st.where != nil {
		if p.where, err = compileCond(st.where, ver, ids); err != nil {
			return nil, err
		}
	}
	for _, o := range st.order {
		f, ferr := resolveField(o.field.text, ver)
		if ferr != nil {
			return nil, &soqlError{ferr.code, ferr.msg, o.field.pos}
		}
		p.order = append(p.order, orderSpec{f: f, desc: o.desc, nullsFirst: o.nullsFirst})
	}
	return p, nil
}

func compileCond(c *cond, ver int, ids *idSpaces) (pred, *soqlError) {
	switch c.op {
	case "and", "or":
		kids := make([]pred, len(c.kids))
		for i, k := range c.kids {
			var err *soqlError
			if kids[i], err = compileCond(k, ver, ids); err != nil {
				return nil, err
			}
		}
		if c.op == "and" {
			return func(ec *evalCtx, i int32) bool {
				for _, k := range kids {
					if !k(ec, i) {
						return false
					}
				}
				return true
			}, nil
		}
		return func(ec *evalCtx, i int32) bool {
			for _, k := range kids {
				if k(ec, i) {
					return true
				}
			}
			return false
		}, nil
	case "not":
		k, err := compileCond(c.kids[0], ver, ids)
		if err != nil {
			return nil, err
		}
		return func(ec *evalCtx, i int32) bool { return !k(ec, i) }, nil
	}
	return compileComparison(c, ver, ids)
}

func filterTypeError(field string, k kind, quoted bool) string {
	t := kindNames[k]
	if k == kPicklist {
		t = "string"
	}
	enclosed := "should be enclosed in quotes"
	if !quoted {
		enclosed = "should not be enclosed in quotes"
	}
	return "value of filter criterion for field '" + field + "' must be of type " + t + " and " + enclosed
}

// literal converts a filter value for field f.
func literal(t token, f fieldID, ids *idSpaces) (val, *soqlError) {
	fi := &fields[f]
	if isKw(t, "null") {
		return val{null: true}, nil
	}
	bad := func() *soqlError {
		quoted := fi.kind == kID || fi.kind == kString || fi.kind == kPicklist
		return &soqlError{"INVALID_QUERY_FILTER_OPERATOR", filterTypeError(fi.name, fi.kind, quoted), t.pos}
	}
	switch fi.kind {
	case kID:
		if t.kind != tkString {
			return val{}, bad()
		}
		id15, ok := normalizeID(t.str)
		if !ok {
			return val{}, &soqlError{"INVALID_QUERY_FILTER_OPERATOR", "invalid ID field: " + t.str, t.pos}
		}
		i, ok := ids.byTarget(fi.target).index(id15)
		if !ok {
			return val{ord: -2}, nil // well-formed but not a record of this type: matches nothing
		}
		return val{ord: int64(i)}, nil
	case kString, kPicklist:
		if t.kind != tkString {
			return val{}, bad()
		}
		return val{s: t.str}, nil
	case kBool:
		if isKw(t, "true") {
			return val{n: 1}, nil
		}
		if isKw(t, "false") {
			return val{n: 0}, nil
		}
		return val{}, bad()
	case kInt, kFloat:
		n, err := strconv.ParseFloat(t.text, 64)
		if t.kind != tkNumber || err != nil {
			return val{}, bad()
		}
		return val{n: n}, nil
	default: // kDateTime
		if t.kind != tkDateTime {
			return val{}, bad()
		}
		for _, layout := range []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700"} {
			if tm, err := time.Parse(layout, t.text); err == nil {
				return val{ord: tm.Unix()}, nil
			}
		}
		return val{}, bad()
	}
}

func compileComparison(c *cond, ver int, ids *idSpaces) (pred, *soqlError) {
	f, ferr := resolveField(c.field.text, ver)
	if ferr != nil {
		return nil, &soqlError{ferr.code, ferr.msg, c.field.pos}
	}
	k := fields[f].kind
	lits := make([]val, len(c.values))
	for i, t := range c.values {
		var err *soqlError
		if lits[i], err = literal(t, f, ids); err != nil {
			return nil, err
		}
	}
	op := c.cmp
	switch {
	case op == "like" && k != kString && k != kPicklist:
		return nil, &soqlError{"INVALID_QUERY_FILTER_OPERATOR", "invalid operator on " + kindNames[k] + " field: " + fields[f].name, c.field.pos}
	case k == kBool && op != "=" && op != "!=":
		return nil, &soqlError{"INVALID_QUERY_FILTER_OPERATOR", "invalid operator on boolean field: " + fields[f].name, c.field.pos}
	}
	if op == "like" {
		if lits[0].null {
			return func(*evalCtx, int32) bool { return false }, nil
		}
		m := likeMatcher(lits[0].s)
		return func(ec *evalCtx, i int32) bool {
			v := ec.value(f, i)
			return !v.null && m(v.s)
		}, nil
	}
	if op == "in" || op == "not in" {
		negate := op == "not in"
		return func(ec *evalCtx, i int32) bool {
			v := ec.value(f, i)
			for _, l := range lits {
				if valEqual(k, v, l) {
					return !negate
				}
			}
			return negate
		}, nil
	}
	l := lits[0]
	return func(ec *evalCtx, i int32) bool {
		v := ec.value(f, i)
		switch op {
		case "=":
			return valEqual(k, v, l)
		case "!=":
			return !valEqual(k, v, l)
		}
		if v.null || l.null {
			return false
		}
		r := compareVals(k, v, l)
		switch op {
		case "<":
			return r < 0
		case "<=":
			return r <= 0
		case ">":
			return r > 0
		default:
			return r >= 0
		}
	}, nil
}

// likeMatcher compiles a SOQL LIKE pattern (% any run, _ one character, case-insensitive).
func likeMatcher(pattern string) func(string) bool {
	type part struct {
		any bool // '%'
		one bool // '_'
		lit byte
	}
	var ps []part
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '\\' && i+1 < len(pattern):
			i++
			ps = append(ps, part{lit: lower(pattern[i])})
		case c == '%':
			ps = append(ps, part{any: true})
		case c == '_':
			ps = append(ps, part{one: true})
		default:
			ps = append(ps, part{lit: lower(c)})
		}
	}
	var match func(s string, k int) bool
	match = func(s string, k int) bool {
		for ; k < len(ps); k++ {
			p := ps[k]
			switch {
			case p.any:
				for j := 0; j <= len(s); j++ {
					if match(s[j:], k+1) {
						return true
					}
				}
				return false
			case len(s) == 0:
				return false
			case p.one:
				s = s[1:]
			case lower(s[0]) != p.lit:
				return false
			default:
				s = s[1:]
			}
		}
		return len(s) == 0
	}
	return func(s string) bool { return match(s, 0) }
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
