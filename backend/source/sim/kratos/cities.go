package kratossim

// region groups cities for picking plausible IP address blocks.
type region uint8

const (
	europe region = iota
	northAmerica
	southAmerica
	africa
	asia
	oceania
)

// city is where a user lives or travels to. Kratos itself knows no geography: a city only
// shows up as the "City, CC" location Cloudflare's Cf-Ipcity / Cf-Ipcountry headers give,
// and it picks the address block a user's public IP comes from.
type city struct {
	name    string
	cc      string // ISO 3166-1 alpha-2, as Cf-Ipcountry sends it
	region  region
	weight  int // relative share of users living there
	calling int // country calling code, for phone-number identities
}

var cities = []city{
	{"Paris", "FR", europe, 6, 33},
	{"Lyon", "FR", europe, 2, 33},
	{"London", "GB", europe, 7, 44},
	{"Manchester", "GB", europe, 2, 44},
	{"Dublin", "IE", europe, 3, 353},
	{"Berlin", "DE", europe, 3, 49},
	{"Munich", "DE", europe, 3, 49},
	{"Amsterdam", "NL", europe, 3, 31},
	{"Brussels", "BE", europe, 1, 32},
	{"Madrid", "ES", europe, 2, 34},
	{"Barcelona", "ES", europe, 2, 34},
	{"Lisbon", "PT", europe, 1, 351},
	{"Rome", "IT", europe, 1, 39},
	{"Milan", "IT", europe, 2, 39},
	{"Zürich", "CH", europe, 1, 41},
	{"Vienna", "AT", europe, 1, 43},
	{"Prague", "CZ", europe, 1, 420},
	{"Warsaw", "PL", europe, 1, 48},
	{"Copenhagen", "DK", europe, 1, 45},
	{"Stockholm", "SE", europe, 1, 46},
	{"Oslo", "NO", europe, 1, 47},
	{"Helsinki", "FI", europe, 1, 358},
	{"Athens", "GR", europe, 1, 30},
	{"Istanbul", "TR", europe, 1, 90},
	{"New York", "US", northAmerica, 8, 1},
	{"San Francisco", "US", northAmerica, 7, 1},
	{"Chicago", "US", northAmerica, 4, 1},
	{"Austin", "US", northAmerica, 3, 1},
	{"Seattle", "US", northAmerica, 3, 1},
	{"Boston", "US", northAmerica, 3, 1},
	{"Atlanta", "US", northAmerica, 3, 1},
	{"Denver", "US", northAmerica, 2, 1},
	{"Indianapolis", "US", northAmerica, 2, 1},
	{"Toronto", "CA", northAmerica, 3, 1},
	{"Vancouver", "CA", northAmerica, 2, 1},
	{"Montreal", "CA", northAmerica, 1, 1},
	{"Mexico City", "MX", northAmerica, 2, 52},
	{"São Paulo", "BR", southAmerica, 3, 55},
	{"Rio de Janeiro", "BR", southAmerica, 1, 55},
	{"Buenos Aires", "AR", southAmerica, 1, 54},
	{"Santiago", "CL", southAmerica, 1, 56},
	{"Bogotá", "CO", southAmerica, 1, 57},
	{"Lima", "PE", southAmerica, 1, 51},
	{"Lagos", "NG", africa, 1, 234},
	{"Nairobi", "KE", africa, 1, 254},
	{"Cape Town", "ZA", africa, 1, 27},
	{"Johannesburg", "ZA", africa, 1, 27},
	{"Cairo", "EG", africa, 1, 20},
	{"Casablanca", "MA", africa, 1, 212},
	{"Accra", "GH", africa, 1, 233},
	{"Singapore", "SG", asia, 3, 65},
	{"Tokyo", "JP", asia, 3, 81},
	{"Osaka", "JP", asia, 1, 81},
	{"Seoul", "KR", asia, 1, 82},
	{"Mumbai", "IN", asia, 2, 91},
	{"Bengaluru", "IN", asia, 3, 91},
	{"Hyderabad", "IN", asia, 2, 91},
	{"Hong Kong", "HK", asia, 1, 852},
	{"Shanghai", "CN", asia, 1, 86},
	{"Taipei", "TW", asia, 1, 886},
	{"Bangkok", "TH", asia, 1, 66},
	{"Jakarta", "ID", asia, 1, 62},
	{"Manila", "PH", asia, 1, 63},
	{"Kuala Lumpur", "MY", asia, 1, 60},
	{"Dubai", "AE", asia, 1, 971},
	{"Tel Aviv", "IL", asia, 1, 972},
	{"Sydney", "AU", oceania, 3, 61},
	{"Melbourne", "AU", oceania, 2, 61},
	{"Brisbane", "AU", oceania, 1, 61},
	{"Perth", "AU", oceania, 1, 61},
	{"Auckland", "NZ", oceania, 1, 64},
	{"Wellington", "NZ", oceania, 1, 64},
}

// ipv4FirstOctets lists, per region, first octets of blocks handed to that region's registry
// and routed on the public internet. None is private, shared, loopback or multicast; the
// generator keeps the second octet in 1..254, which also keeps clear of 203.0.113.0/24.
var ipv4FirstOctets = [...][]byte{
	europe:       {2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 141, 145, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217},
	northAmerica: {23, 24, 50, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 104, 107, 108, 142, 162, 173, 174, 184, 204, 206, 207, 208, 209},
	southAmerica: {152, 170, 177, 179, 181, 186, 187, 189, 190, 191, 200, 201},
	africa:       {41, 102, 105, 154, 196, 197},
	asia:         {1, 14, 27, 36, 39, 42, 43, 49, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 175, 180, 182, 183, 210, 211, 218, 219, 220, 221, 222},
	oceania:      {1, 27, 49, 101, 103, 110, 115, 120, 121, 124, 139, 144, 150, 202, 203},
}

// ipv6Prefixes lists, per region, the first two or three groups of real access-network
// allocations (never 2001:db8::/32).
var ipv6Prefixes = [...][][3]uint16{
	europe:       {{0x2a01, 0xcb1c, 0}, {0x2a02, 0x8109, 0}, {0x2a00, 0x23c7, 0}, {0x2001, 0x0861, 0}, {0x2a02, 0x0810, 0}},
	northAmerica: {{0x2600, 0x1700, 0}, {0x2601, 0x0645, 0}, {0x2603, 0x8000, 0}, {0x2607, 0xfb90, 0}},
	southAmerica: {{0x2804, 0x014c, 0}, {0x2800, 0x0810, 0}},
	africa:       {{0x2c0f, 0xf4c0, 0}, {0x2c0f, 0xfe38, 0}},
	asia:         {{0x2400, 0x4050, 0}, {0x2404, 0x7a80, 0}, {0x2406, 0x3003, 0}, {0x2409, 0x4042, 0}},
	oceania:      {{0x2001, 0x8003, 0}, {0x2403, 0x5800, 0}},
}
