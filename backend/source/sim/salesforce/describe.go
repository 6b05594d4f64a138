package salesforcesim

import "net/http"

// handleDescribe serves GET /services/data/vXX.X/sobjects/AuthSession/describe: the object's
// properties and fields at the requested version, with picklist values.
func (s *Server) handleDescribe(c *call) {
	type picklistValue struct {
		Active       bool   `json:"active"`
		DefaultValue bool   `json:"defaultValue"`
		Label        string `json:"label"`
		Value        string `json:"value"`
	}
	type field struct {
		Name           string          `json:"name"`
		Label          string          `json:"label"`
		Type           string          `json:"type"`
		Nillable       bool            `json:"nillable"`
		Filterable     bool            `json:"filterable"`
		Sortable       bool            `json:"sortable"`
		Createable     bool            `json:"createable"`
		Updateable     bool            `json:"updateable"`
		ReferenceTo    []string        `json:"referenceTo"`
		RelationshipNm *string         `json:"relationshipName"`
		PicklistValues []picklistValue `json:"picklistValues"`
	}
	picklists := map[fieldID][]string{fUserType: userTypes, fSessionType: sessionTypes, fLoginType: loginTypes,
		fSessionSecurityLevel: levels}
	types := map[kind]string{kID: "reference", kString: "string", kPicklist: "picklist", kBool: "boolean",
		kInt: "int", kFloat: "double", kDateTime: "datetime"}
	var out []field
	for f := fieldID(0); f < numOwnFields; f++ {
		fi := &fields[f]
		if fi.minVer > c.ver {
			continue
		}
		d := field{Name: fi.name, Label: fi.label, Type: types[fi.kind], Nillable: fi.nillable,
			Filterable: true, Sortable: true, ReferenceTo: []string{}, PicklistValues: []picklistValue{}}
		if f == fID {
			d.Type = "id"
		} else if fi.kind == kID {
			d.ReferenceTo = []string{fi.target}
			for r := relUsers; r <= relHist; r++ {
				if relInfo[r].object == fi.target && relInfo[r].minVer <= c.ver {
					name := relInfo[r].name
					d.RelationshipNm = &name
				}
			}
		}
		for k, v := range picklists[f] {
			d.PicklistValues = append(d.PicklistValues, picklistValue{Active: true, DefaultValue: k == 0 && f == fSessionSecurityLevel, Label: v, Value: v})
		}
		out = append(out, d)
	}
	writeJSON(c.w, http.StatusOK, map[string]any{
		"name": "AuthSession", "label": "Session", "labelPlural": "Sessions", "keyPrefix": "0Ak",
		"queryable": true, "retrieveable": true, "deletable": true, "createable": false, "updateable": false,
		"searchable": false, "custom": false, "fields": out,
		"urls": map[string]string{
			"sobject":     "/services/data/" + c.verSeg + "/sobjects/AuthSession",
			"describe":    "/services/data/" + c.verSeg + "/sobjects/AuthSession/describe",
			"rowTemplate": "/services/data/" + c.verSeg + "/sobjects/AuthSession/{ID}",
		},
	})
}
