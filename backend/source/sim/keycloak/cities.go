package keycloaksim

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

// city is one entry of the table users' home towns are drawn from. Keycloak reports no
// location, only an IP address; the city picks a plausible address block for it.
type city struct {
	name, subdivision, country, iso, postal string
	lat, lon                                float64
	region                                  region
	weight                                  int // relative share of users living there
}

// cities are real places with approximate centre coordinates.
var cities = []city{
	{"Paris", "Île-de-France", "France", "FR", "75001", 48.8566, 2.3522, europe, 6},
	{"Lyon", "Auvergne-Rhône-Alpes", "France", "FR", "69002", 45.764, 4.8357, europe, 2},
	{"London", "England", "United Kingdom", "GB", "EC2V", 51.5074, -0.1278, europe, 7},
	{"Manchester", "England", "United Kingdom", "GB", "M1", 53.4808, -2.2426, europe, 2},
	{"Dublin", "Leinster", "Ireland", "IE", "D02", 53.3498, -6.2603, europe, 3},
	{"Berlin", "Land Berlin", "Germany", "DE", "10115", 52.52, 13.405, europe, 3},
	{"Munich", "Bavaria", "Germany", "DE", "80331", 48.1351, 11.582, europe, 3},
	{"Amsterdam", "North Holland", "Netherlands", "NL", "1012", 52.3676, 4.9041, europe, 3},
	{"Brussels", "Brussels Capital", "Belgium", "BE", "1000", 50.8503, 4.3517, europe, 1},
	{"Madrid", "Madrid", "Spain", "ES", "28013", 40.4168, -3.7038, europe, 2},
	{"Barcelona", "Catalonia", "Spain", "ES", "08002", 41.3874, 2.1686, europe, 2},
	{"Lisbon", "Lisbon", "Portugal", "PT", "1100-148", 38.7223, -9.1393, europe, 1},
	{"Rome", "Lazio", "Italy", "IT", "00184", 41.9028, 12.4964, europe, 1},
	{"Milan", "Lombardy", "Italy", "IT", "20121", 45.4642, 9.19, europe, 2},
	{"Zürich", "Zurich", "Switzerland", "CH", "8001", 47.3769, 8.5417, europe, 1},
	{"Vienna", "Vienna", "Austria", "AT", "1010", 48.2082, 16.3738, europe, 1},
	{"Prague", "Hlavní město Praha", "Czechia", "CZ", "110 00", 50.0755, 14.4378, europe, 1},
	{"Warsaw", "Mazovia", "Poland", "PL", "00-001", 52.2297, 21.0122, europe, 1},
	{"Copenhagen", "Capital Region", "Denmark", "DK", "1050", 55.6761, 12.5683, europe, 1},
	{"Stockholm", "Stockholm County", "Sweden", "SE", "111 20", 59.3293, 18.0686, europe, 1},
	{"Oslo", "Oslo", "Norway", "NO", "0150", 59.9139, 10.7522, europe, 1},
	{"Helsinki", "Uusimaa", "Finland", "FI", "00100", 60.1699, 24.9384, europe, 1},
	{"Athens", "Attica", "Greece", "GR", "105 57", 37.9838, 23.7275, europe, 1},
	{"Istanbul", "Istanbul", "Turkey", "TR", "34110", 41.0082, 28.9784, europe, 1},
	{"New York", "New York", "United States", "US", "10001", 40.7128, -74.006, northAmerica, 8},
	{"San Francisco", "California", "United States", "US", "94105", 37.7749, -122.4194, northAmerica, 7},
	{"Chicago", "Illinois", "United States", "US", "60601", 41.8781, -87.6298, northAmerica, 4},
	{"Austin", "Texas", "United States", "US", "78701", 30.2672, -97.7431, northAmerica, 3},
	{"Seattle", "Washington", "United States", "US", "98101", 47.6062, -122.3321, northAmerica, 3},
	{"Boston", "Massachusetts", "United States", "US", "02108", 42.3601, -71.0589, northAmerica, 3},
	{"Atlanta", "Georgia", "United States", "US", "30303", 33.749, -84.388, northAmerica, 3},
	{"Denver", "Colorado", "United States", "US", "80202", 39.7392, -104.9903, northAmerica, 2},
	{"Indianapolis", "Indiana", "United States", "US", "46204", 39.7684, -86.1581, northAmerica, 2},
	{"Toronto", "Ontario", "Canada", "CA", "M5H", 43.6532, -79.3832, northAmerica, 3},
	{"Vancouver", "British Columbia", "Canada", "CA", "V6B", 49.2827, -123.1207, northAmerica, 2},
	{"Montreal", "Quebec", "Canada", "CA", "H2Y", 45.5017, -73.5673, northAmerica, 1},
	{"Mexico City", "Ciudad de México", "Mexico", "MX", "06000", 19.4326, -99.1332, northAmerica, 2},
	{"São Paulo", "São Paulo", "Brazil", "BR", "01310-100", -23.5505, -46.6333, southAmerica, 3},
	{"Rio de Janeiro", "Rio de Janeiro", "Brazil", "BR", "20040-002", -22.9068, -43.1729, southAmerica, 1},
	{"Buenos Aires", "Buenos Aires C.F.", "Argentina", "AR", "C1002", -34.6037, -58.3816, southAmerica, 1},
	{"Santiago", "Santiago Metropolitan", "Chile", "CL", "8320000", -33.4489, -70.6693, southAmerica, 1},
	{"Bogotá", "Bogota D.C.", "Colombia", "CO", "110111", 4.711, -74.0721, southAmerica, 1},
	{"Lima", "Lima Province", "Peru", "PE", "15001", -12.0464, -77.0428, southAmerica, 1},
	{"Lagos", "Lagos", "Nigeria", "NG", "100001", 6.5244, 3.3792, africa, 1},
	{"Nairobi", "Nairobi County", "Kenya", "KE", "00100", -1.2921, 36.8219, africa, 1},
	{"Cape Town", "Western Cape", "South Africa", "ZA", "8001", -33.9249, 18.4241, africa, 1},
	{"Johannesburg", "Gauteng", "South Africa", "ZA", "2001", -26.2041, 28.0473, africa, 1},
	{"Cairo", "Cairo Governorate", "Egypt", "EG", "", 30.0444, 31.2357, africa, 1},
	{"Casablanca", "Casablanca-Settat", "Morocco", "MA", "20000", 33.5731, -7.5898, africa, 1},
	{"Accra", "Greater Accra", "Ghana", "GH", "", 5.6037, -0.187, africa, 1},
	{"Singapore", "", "Singapore", "SG", "018956", 1.3521, 103.8198, asia, 3},
	{"Tokyo", "Tokyo", "Japan", "JP", "100-0005", 35.6762, 139.6503, asia, 3},
	{"Osaka", "Osaka", "Japan", "JP", "530-0001", 34.6937, 135.5023, asia, 1},
	{"Seoul", "Seoul", "South Korea", "KR", "04524", 37.5665, 126.978, asia, 1},
	{"Mumbai", "Maharashtra", "India", "IN", "400001", 19.076, 72.8777, asia, 2},
	{"Bengaluru", "Karnataka", "India", "IN", "560001", 12.9716, 77.5946, asia, 3},
	{"Hyderabad", "Telangana", "India", "IN", "500081", 17.385, 78.4867, asia, 2},
	{"Hong Kong", "", "Hong Kong", "HK", "", 22.3193, 114.1694, asia, 1},
	{"Shanghai", "Shanghai", "China", "CN", "200000", 31.2304, 121.4737, asia, 1},
	{"Taipei", "Taipei City", "Taiwan", "TW", "100", 25.033, 121.5654, asia, 1},
	{"Bangkok", "Bangkok", "Thailand", "TH", "10200", 13.7563, 100.5018, asia, 1},
	{"Jakarta", "Jakarta", "Indonesia", "ID", "10110", -6.2088, 106.8456, asia, 1},
	{"Manila", "Metro Manila", "Philippines", "PH", "1000", 14.5995, 120.9842, asia, 1},
	{"Kuala Lumpur", "Kuala Lumpur", "Malaysia", "MY", "50000", 3.139, 101.6869, asia, 1},
	{"Dubai", "Dubai", "United Arab Emirates", "AE", "", 25.2048, 55.2708, asia, 1},
	{"Tel Aviv", "Tel Aviv", "Israel", "IL", "6100000", 32.0853, 34.7818, asia, 1},
	{"Sydney", "New South Wales", "Australia", "AU", "2000", -33.8688, 151.2093, oceania, 3},
	{"Melbourne", "Victoria", "Australia", "AU", "3000", -37.8136, 144.9631, oceania, 2},
	{"Brisbane", "Queensland", "Australia", "AU", "4000", -27.4698, 153.0251, oceania, 1},
	{"Perth", "Western Australia", "Australia", "AU", "6000", -31.9505, 115.8605, oceania, 1},
	{"Auckland", "Auckland", "New Zealand", "NZ", "1010", -36.8485, 174.7633, oceania, 1},
	{"Wellington", "Wellington", "New Zealand", "NZ", "6011", -41.2865, 174.7762, oceania, 1},
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
