package salesforcesim

import "strconv"

// renderer writes AuthSession records as JSON by hand: pages of 2000 records are the hot
// path of the benchmark, and reflection-based encoding would dominate it.
type renderer struct {
	ec     *evalCtx
	proj   []projItem
	prefix string // "/services/data/vXX.X/sobjects/"
	spaces [numFields]*idSpace
	memo   [4]idMemo // a record repeats its ids (Id and url, UsersId and Users.url, ...)
}

type idMemo struct {
	sp *idSpace
	i  int
	id [18]byte
}

// appendID appends the 18-character id of record i of sp, reusing a recent encoding.
func (rd *renderer) appendID(b []byte, sp *idSpace, i int) []byte {
	slot := &rd.memo[0]
	for k := range rd.memo {
		m := &rd.memo[k]
		if m.sp == sp {
			if m.i == i {
				return append(b, m.id[:]...)
			}
			slot = m
			break
		}
		if m.sp == nil {
			slot = m
			break
		}
	}
	slot.sp, slot.i = sp, i
	sp.append18(slot.id[:0], i)
	return append(b, slot.id[:]...)
}

func newRenderer(ec *evalCtx, proj []projItem, verSeg string) *renderer {
	rd := &renderer{ec: ec, proj: proj, prefix: "/services/data/" + verSeg + "/sobjects/"}
	for f := range fields {
		if fields[f].kind == kID {
			rd.spaces[f] = ec.st.ids.byTarget(fields[f].target)
		}
	}
	return rd
}

// ownFields is the projection of a full record at API version ver (retrieve).
func ownFields(ver int) []projItem {
	var p []projItem
	for f := fieldID(0); f < numOwnFields; f++ {
		if fields[f].minVer <= ver {
			p = append(p, projItem{fields: []fieldID{f}})
		}
	}
	return p
}

func (rd *renderer) appendAttributes(b []byte, object string, sp *idSpace, i int) []byte {
	b = append(b, `{"attributes":{"type":"`...)
	b = append(b, object...)
	b = append(b, `","url":"`...)
	b = append(b, rd.prefix...)
	b = append(b, object...)
	b = append(b, '/')
	b = rd.appendID(b, sp, i)
	return append(b, `"}`...)
}

func (rd *renderer) appendRecord(b []byte, i int32) []byte {
	st := rd.ec.st
	b = rd.appendAttributes(b, "AuthSession", &st.ids.session, int(i))
	for _, p := range rd.proj {
		if p.rel == relNone {
			b = rd.appendField(b, p.fields[0], i)
			continue
		}
		info := &relInfo[p.rel]
		b = append(b, ',', '"')
		b = append(b, info.name...)
		b = append(b, '"', ':')
		s := &st.sessions[i]
		target, sp := int(s.user), &st.ids.user
		switch p.rel {
		case relGeo:
			target, sp = int(s.geo), &st.ids.geo
		case relHist:
			target, sp = int(s.hist), &st.ids.hist
		}
		if target < 0 {
			b = append(b, "null"...)
			continue
		}
		b = rd.appendAttributes(b, info.object, sp, target)
		for _, f := range p.fields {
			b = rd.appendField(b, f, i)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

func (rd *renderer) appendField(b []byte, f fieldID, i int32) []byte {
	fi := &fields[f]
	b = append(b, ',', '"')
	b = append(b, fi.name...)
	b = append(b, '"', ':')
	if f == fSourceIP || f == fHistSourceIP {
		if h := rd.ec.st.sessions[i].hist; h >= 0 {
			b = append(b, '"')
			b = rd.ec.st.hists[h].ip.AppendTo(b)
			return append(b, '"')
		}
	}
	v := rd.ec.value(f, i)
	if v.null {
		return append(b, "null"...)
	}
	switch fi.kind {
	case kID:
		b = append(b, '"')
		b = rd.appendID(b, rd.spaces[f], int(v.ord))
		return append(b, '"')
	case kString, kPicklist:
		return appendJSONString(b, v.s)
	case kBool:
		return strconv.AppendBool(b, v.n != 0)
	case kInt:
		return strconv.AppendInt(b, int64(v.n), 10)
	case kFloat:
		return strconv.AppendFloat(b, v.n, 'f', -1, 64)
	default:
		b = append(b, '"')
		b = appendTime(b, v.ord)
		return append(b, '"')
	}
}

// appendPage writes a query response envelope around rows.
func (rd *renderer) appendPage(b []byte, total int, next string, rows []int32) []byte {
	b = append(b, `{"totalSize":`...)
	b = strconv.AppendInt(b, int64(total), 10)
	if next == "" {
		b = append(b, `,"done":true`...)
	} else {
		b = append(b, `,"done":false,"nextRecordsUrl":`...)
		b = appendJSONString(b, next)
	}
	b = append(b, `,"records":[`...)
	for k, i := range rows {
		if k > 0 {
			b = append(b, ',')
		}
		b = rd.appendRecord(b, i)
	}
	return append(b, "]}"...)
}

func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendTime formats unix seconds as Salesforce does: 2026-05-04T08:12:55.000+0000.
func appendTime(b []byte, t int64) []byte {
	days := t / 86400
	secs := t % 86400
	if secs < 0 {
		secs += 86400
		days--
	}
	y, m, d := civilDate(days)
	b = appendPadded(b, y, 4)
	b = append(b, '-')
	b = appendPadded(b, m, 2)
	b = append(b, '-')
	b = appendPadded(b, d, 2)
	b = append(b, 'T')
	b = appendPadded(b, secs/3600, 2)
	b = append(b, ':')
	b = appendPadded(b, secs/60%60, 2)
	b = append(b, ':')
	b = appendPadded(b, secs%60, 2)
	return append(b, ".000+0000"...)
}

func formatTime(t int64) string { return string(appendTime(nil, t)) }

func appendPadded(b []byte, v int64, width int) []byte {
	var buf [8]byte
	i := len(buf)
	for k := 0; k < width || v > 0; k++ {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, buf[i:]...)
}

// civilDate converts days since 1970-01-01 to a proleptic Gregorian date.
func civilDate(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
