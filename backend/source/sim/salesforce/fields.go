package salesforcesim

import "strings"

// rel is a relationship from AuthSession to another object.
type rel uint8

const (
	relNone rel = iota
	relUsers
	relGeo
	relHist
)

// relInfo describes a relationship: its name in SOQL, the target object's type and the API
// version it appeared in.
var relInfo = [...]struct {
	name, object string
	minVer       int
}{
	relUsers: {"Users", "User", minVersion},
	relGeo:   {"LoginGeo", "LoginGeo", 34},
	relHist:  {"LoginHistory", "LoginHistory", 33},
}

// kind is a field's data type as far as filtering, sorting and rendering go.
type kind uint8

const (
	kID kind = iota
	kString
	kPicklist
	kBool
	kInt
	kFloat
	kDateTime
)

var kindNames = [...]string{kID: "id", kString: "string", kPicklist: "picklist", kBool: "boolean",
	kInt: "int", kFloat: "double", kDateTime: "datetime"}

type fieldID uint8

// AuthSession fields, then relationship fields.
const (
	fID fieldID = iota
	fParentID
	fUsersID
	fUserType
	fCreatedDate
	fLastModifiedDate
	fNumSecondsValid
	fSessionType
	fLoginType
	fSessionSecurityLevel
	fSourceIP
	fIsCurrent
	fIsJWT
	fLogoutURL
	fLoginHistoryID
	fLoginGeoID
	numOwnFields

	fUserID = iota - 1
	fUserUsername
	fUserName
	fUserFirstName
	fUserLastName
	fUserEmail
	fUserUserType
	fUserIsActive
	fGeoID
	fGeoCity
	fGeoSubdivision
	fGeoCountry
	fGeoCountryIso
	fGeoPostalCode
	fGeoLatitude
	fGeoLongitude
	fGeoLoginTime
	fHistID
	fHistUserID
	fHistLoginTime
	fHistLoginType
	fHistSourceIP
	fHistLoginURL
	fHistStatus
	fHistBrowser
	fHistPlatform
	fHistApplication
	fHistLoginGeoID
	numFields
)

type fieldInfo struct {
	name     string
	rel      rel
	kind     kind
	minVer   int
	nillable bool
	target   string // referenced object of an id field
	label    string
}

var fields = [numFields]fieldInfo{
	fID:                   {name: "Id", kind: kID, target: "AuthSession", label: "Session ID"},
	fParentID:             {name: "ParentId", kind: kID, target: "AuthSession", nillable: true, label: "Parent ID"},
	fUsersID:              {name: "UsersId", kind: kID, target: "User", label: "User ID"},
	fUserType:             {name: "UserType", kind: kPicklist, label: "User Type"},
	fCreatedDate:          {name: "CreatedDate", kind: kDateTime, label: "Created Date"},
	fLastModifiedDate:     {name: "LastModifiedDate", kind: kDateTime, label: "Last Modified Date"},
	fNumSecondsValid:      {name: "NumSecondsValid", kind: kInt, nillable: true, label: "Valid For"},
	fSessionType:          {name: "SessionType", kind: kPicklist, nillable: true, label: "Session Type"},
	fLoginType:            {name: "LoginType", kind: kPicklist, nillable: true, label: "Login Type"},
	fSessionSecurityLevel: {name: "SessionSecurityLevel", kind: kPicklist, nillable: true, label: "Session Security Level"},
	fSourceIP:             {name: "SourceIp", kind: kString, nillable: true, label: "Source IP"},
	fIsCurrent:            {name: "IsCurrent", kind: kBool, minVer: 37, label: "Is Current"},
	fIsJWT:                {name: "IsAssociatedWithJwtAccessToken", kind: kBool, minVer: 64, label: "Associated with JWT Access Token"},
	fLogoutURL:            {name: "LogoutUrl", kind: kString, minVer: 32, nillable: true, label: "Logout URL"},
	fLoginHistoryID:       {name: "LoginHistoryId", kind: kID, minVer: 33, target: "LoginHistory", nillable: true, label: "Login History ID"},
	fLoginGeoID:           {name: "LoginGeoId", kind: kID, minVer: 34, target: "LoginGeo", nillable: true, label: "Login Geo ID"},

	fUserID:        {name: "Id", rel: relUsers, kind: kID, target: "User"},
	fUserUsername:  {name: "Username", rel: relUsers, kind: kString},
	fUserName:      {name: "Name", rel: relUsers, kind: kString},
	fUserFirstName: {name: "FirstName", rel: relUsers, kind: kString, nillable: true},
	fUserLastName:  {name: "LastName", rel: relUsers, kind: kString},
	fUserEmail:     {name: "Email", rel: relUsers, kind: kString},
	fUserUserType:  {name: "UserType", rel: relUsers, kind: kPicklist},
	fUserIsActive:  {name: "IsActive", rel: relUsers, kind: kBool},

	fGeoID:          {name: "Id", rel: relGeo, kind: kID, target: "LoginGeo"},
	fGeoCity:        {name: "City", rel: relGeo, kind: kString, nillable: true},
	fGeoSubdivision: {name: "Subdivision", rel: relGeo, kind: kString, nillable: true},
	fGeoCountry:     {name: "Country", rel: relGeo, kind: kString, nillable: true},
	fGeoCountryIso:  {name: "CountryIso", rel: relGeo, kind: kString, nillable: true},
	fGeoPostalCode:  {name: "PostalCode", rel: relGeo, kind: kString, nillable: true},
	fGeoLatitude:    {name: "Latitude", rel: relGeo, kind: kFloat, nillable: true},
	fGeoLongitude:   {name: "Longitude", rel: relGeo, kind: kFloat, nillable: true},
	fGeoLoginTime:   {name: "LoginTime", rel: relGeo, kind: kDateTime},

	fHistID:          {name: "Id", rel: relHist, kind: kID, target: "LoginHistory"},
	fHistUserID:      {name: "UserId", rel: relHist, kind: kID, target: "User"},
	fHistLoginTime:   {name: "LoginTime", rel: relHist, kind: kDateTime},
	fHistLoginType:   {name: "LoginType", rel: relHist, kind: kPicklist},
	fHistSourceIP:    {name: "SourceIp", rel: relHist, kind: kString, nillable: true},
	fHistLoginURL:    {name: "LoginUrl", rel: relHist, kind: kString, nillable: true},
	fHistStatus:      {name: "Status", rel: relHist, kind: kString, nillable: true},
	fHistBrowser:     {name: "Browser", rel: relHist, kind: kString, nillable: true},
	fHistPlatform:    {name: "Platform", rel: relHist, kind: kString, nillable: true},
	fHistApplication: {name: "Application", rel: relHist, kind: kString, nillable: true},
	fHistLoginGeoID:  {name: "LoginGeoId", rel: relHist, kind: kID, target: "LoginGeo", nillable: true},
}

// fieldIndex maps "lower(rel).lower(name)" (rel empty for own fields) to the field.
var fieldIndex = func() map[string]fieldID {
	m := map[string]fieldID{}
	for i := range fields {
		f := &fields[i]
		key := strings.ToLower(f.name)
		if f.rel != relNone {
			key = strings.ToLower(relInfo[f.rel].name) + "." + key
		}
		m[key] = fieldID(i)
	}
	return m
}()

// fieldError is why a field path could not be resolved.
type fieldError struct {
	code, msg string
}

// resolveField resolves a field path as written in SOQL (case-insensitively) at API version
// ver, with Salesforce's error messages for unknown columns and relationships.
func resolveField(path string, ver int) (fieldID, *fieldError) {
	relName, name, dotted := strings.Cut(path, ".")
	if !dotted {
		id, ok := fieldIndex[strings.ToLower(path)]
		if !ok || fields[id].rel != relNone || fields[id].minVer > ver {
			return 0, noSuchColumn(path, "AuthSession")
		}
		return id, nil
	}
	r := relNone
	for k := relUsers; k <= relHist; k++ {
		if strings.EqualFold(relInfo[k].name, relName) && relInfo[k].minVer <= ver {
			r = k
		}
	}
	if r == relNone || strings.Contains(name, ".") {
		if r != relNone {
			relName, _, _ = strings.Cut(name, ".")
		}
		return 0, &fieldError{"INVALID_FIELD", "Didn't understand relationship '" + relName + "' in field path. " +
			"If you are attempting to use a custom relationship, be sure to append the '__r' after the custom " +
			"relationship name. Please reference your WSDL or the describe call for the appropriate names."}
	}
	id, ok := fieldIndex[strings.ToLower(relInfo[r].name+"."+name)]
	if !ok {
		return 0, noSuchColumn(name, relInfo[r].object)
	}
	return id, nil
}

func noSuchColumn(name, object string) *fieldError {
	return &fieldError{"INVALID_FIELD", "No such column '" + name + "' on entity '" + object + "'. " +
		"If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. " +
		"Please reference your WSDL or the describe call for the appropriate names."}
}
