package simkit

// Region groups cities for picking plausible IP address blocks and networks.
type Region uint8

// The regions, one per regional internet registry's area (roughly a continent).
const (
	Europe Region = iota
	NorthAmerica
	SouthAmerica
	Africa
	Asia
	Oceania
)

// ContinentCode is the two-letter continent code of the region ("EU", "NA", "SA", "AF",
// "AS", "OC"), as geolocation databases report it.
func (r Region) ContinentCode() string { return continentCodes[r] }

var continentCodes = [...]string{Europe: "EU", NorthAmerica: "NA", SouthAmerica: "SA", Africa: "AF", Asia: "AS", Oceania: "OC"}

// City is one entry of the table users live in and sessions come from. Each simulator shows
// what its API reports of it (a geolocation record, a "City, CC" header value, or only an
// IP address from the city's region).
type City struct {
	Name, Subdivision, Country string
	ISO                        string // ISO 3166-1 alpha-2 country code
	Postal                     string
	Lat, Lon                   float64
	Region                     Region
	Weight                     int // relative share of users living there
	Calling                    int // country calling code, for phone numbers
}

// Cities are real places with approximate centre coordinates. An empty subdivision or postal
// code means the place has none a geolocation provider would report.
var Cities = []City{
	{"Paris", "Île-de-France", "France", "FR", "75001", 48.8566, 2.3522, Europe, 6, 33},
	{"Lyon", "Auvergne-Rhône-Alpes", "France", "FR", "69002", 45.764, 4.8357, Europe, 2, 33},
	{"London", "England", "United Kingdom", "GB", "EC2V", 51.5074, -0.1278, Europe, 7, 44},
	{"Manchester", "England", "United Kingdom", "GB", "M1", 53.4808, -2.2426, Europe, 2, 44},
	{"Dublin", "Leinster", "Ireland", "IE", "D02", 53.3498, -6.2603, Europe, 3, 353},
	{"Berlin", "Land Berlin", "Germany", "DE", "10115", 52.52, 13.405, Europe, 3, 49},
	{"Munich", "Bavaria", "Germany", "DE", "80331", 48.1351, 11.582, Europe, 3, 49},
	{"Amsterdam", "North Holland", "Netherlands", "NL", "1012", 52.3676, 4.9041, Europe, 3, 31},
	{"Brussels", "Brussels Capital", "Belgium", "BE", "1000", 50.8503, 4.3517, Europe, 1, 32},
	{"Madrid", "Madrid", "Spain", "ES", "28013", 40.4168, -3.7038, Europe, 2, 34},
	{"Barcelona", "Catalonia", "Spain", "ES", "08002", 41.3874, 2.1686, Europe, 2, 34},
	{"Lisbon", "Lisbon", "Portugal", "PT", "1100-148", 38.7223, -9.1393, Europe, 1, 351},
	{"Rome", "Lazio", "Italy", "IT", "00184", 41.9028, 12.4964, Europe, 1, 39},
	{"Milan", "Lombardy", "Italy", "IT", "20121", 45.4642, 9.19, Europe, 2, 39},
	{"Zürich", "Zurich", "Switzerland", "CH", "8001", 47.3769, 8.5417, Europe, 1, 41},
	{"Vienna", "Vienna", "Austria", "AT", "1010", 48.2082, 16.3738, Europe, 1, 43},
	{"Prague", "Hlavní město Praha", "Czechia", "CZ", "110 00", 50.0755, 14.4378, Europe, 1, 420},
	{"Warsaw", "Mazovia", "Poland", "PL", "00-001", 52.2297, 21.0122, Europe, 1, 48},
	{"Copenhagen", "Capital Region", "Denmark", "DK", "1050", 55.6761, 12.5683, Europe, 1, 45},
	{"Stockholm", "Stockholm County", "Sweden", "SE", "111 20", 59.3293, 18.0686, Europe, 1, 46},
	{"Oslo", "Oslo", "Norway", "NO", "0150", 59.9139, 10.7522, Europe, 1, 47},
	{"Helsinki", "Uusimaa", "Finland", "FI", "00100", 60.1699, 24.9384, Europe, 1, 358},
	{"Athens", "Attica", "Greece", "GR", "105 57", 37.9838, 23.7275, Europe, 1, 30},
	{"Istanbul", "Istanbul", "Turkey", "TR", "34110", 41.0082, 28.9784, Europe, 1, 90},
	{"New York", "New York", "United States", "US", "10001", 40.7128, -74.006, NorthAmerica, 8, 1},
	{"San Francisco", "California", "United States", "US", "94105", 37.7749, -122.4194, NorthAmerica, 7, 1},
	{"Chicago", "Illinois", "United States", "US", "60601", 41.8781, -87.6298, NorthAmerica, 4, 1},
	{"Austin", "Texas", "United States", "US", "78701", 30.2672, -97.7431, NorthAmerica, 3, 1},
	{"Seattle", "Washington", "United States", "US", "98101", 47.6062, -122.3321, NorthAmerica, 3, 1},
	{"Boston", "Massachusetts", "United States", "US", "02108", 42.3601, -71.0589, NorthAmerica, 3, 1},
	{"Atlanta", "Georgia", "United States", "US", "30303", 33.749, -84.388, NorthAmerica, 3, 1},
	{"Denver", "Colorado", "United States", "US", "80202", 39.7392, -104.9903, NorthAmerica, 2, 1},
	{"Indianapolis", "Indiana", "United States", "US", "46204", 39.7684, -86.1581, NorthAmerica, 2, 1},
	{"Toronto", "Ontario", "Canada", "CA", "M5H", 43.6532, -79.3832, NorthAmerica, 3, 1},
	{"Vancouver", "British Columbia", "Canada", "CA", "V6B", 49.2827, -123.1207, NorthAmerica, 2, 1},
	{"Montreal", "Quebec", "Canada", "CA", "H2Y", 45.5017, -73.5673, NorthAmerica, 1, 1},
	{"Mexico City", "Ciudad de México", "Mexico", "MX", "06000", 19.4326, -99.1332, NorthAmerica, 2, 52},
	{"São Paulo", "São Paulo", "Brazil", "BR", "01310-100", -23.5505, -46.6333, SouthAmerica, 3, 55},
	{"Rio de Janeiro", "Rio de Janeiro", "Brazil", "BR", "20040-002", -22.9068, -43.1729, SouthAmerica, 1, 55},
	{"Buenos Aires", "Buenos Aires C.F.", "Argentina", "AR", "C1002", -34.6037, -58.3816, SouthAmerica, 1, 54},
	{"Santiago", "Santiago Metropolitan", "Chile", "CL", "8320000", -33.4489, -70.6693, SouthAmerica, 1, 56},
	{"Bogotá", "Bogota D.C.", "Colombia", "CO", "110111", 4.711, -74.0721, SouthAmerica, 1, 57},
	{"Lima", "Lima Province", "Peru", "PE", "15001", -12.0464, -77.0428, SouthAmerica, 1, 51},
	{"Lagos", "Lagos", "Nigeria", "NG", "100001", 6.5244, 3.3792, Africa, 1, 234},
	{"Nairobi", "Nairobi County", "Kenya", "KE", "00100", -1.2921, 36.8219, Africa, 1, 254},
	{"Cape Town", "Western Cape", "South Africa", "ZA", "8001", -33.9249, 18.4241, Africa, 1, 27},
	{"Johannesburg", "Gauteng", "South Africa", "ZA", "2001", -26.2041, 28.0473, Africa, 1, 27},
	{"Cairo", "Cairo Governorate", "Egypt", "EG", "", 30.0444, 31.2357, Africa, 1, 20},
	{"Casablanca", "Casablanca-Settat", "Morocco", "MA", "20000", 33.5731, -7.5898, Africa, 1, 212},
	{"Accra", "Greater Accra", "Ghana", "GH", "", 5.6037, -0.187, Africa, 1, 233},
	{"Singapore", "", "Singapore", "SG", "018956", 1.3521, 103.8198, Asia, 3, 65},
	{"Tokyo", "Tokyo", "Japan", "JP", "100-0005", 35.6762, 139.6503, Asia, 3, 81},
	{"Osaka", "Osaka", "Japan", "JP", "530-0001", 34.6937, 135.5023, Asia, 1, 81},
	{"Seoul", "Seoul", "South Korea", "KR", "04524", 37.5665, 126.978, Asia, 1, 82},
	{"Mumbai", "Maharashtra", "India", "IN", "400001", 19.076, 72.8777, Asia, 2, 91},
	{"Bengaluru", "Karnataka", "India", "IN", "560001", 12.9716, 77.5946, Asia, 3, 91},
	{"Hyderabad", "Telangana", "India", "IN", "500081", 17.385, 78.4867, Asia, 2, 91},
	{"Hong Kong", "", "Hong Kong", "HK", "", 22.3193, 114.1694, Asia, 1, 852},
	{"Shanghai", "Shanghai", "China", "CN", "200000", 31.2304, 121.4737, Asia, 1, 86},
	{"Taipei", "Taipei City", "Taiwan", "TW", "100", 25.033, 121.5654, Asia, 1, 886},
	{"Bangkok", "Bangkok", "Thailand", "TH", "10200", 13.7563, 100.5018, Asia, 1, 66},
	{"Jakarta", "Jakarta", "Indonesia", "ID", "10110", -6.2088, 106.8456, Asia, 1, 62},
	{"Manila", "Metro Manila", "Philippines", "PH", "1000", 14.5995, 120.9842, Asia, 1, 63},
	{"Kuala Lumpur", "Kuala Lumpur", "Malaysia", "MY", "50000", 3.139, 101.6869, Asia, 1, 60},
	{"Dubai", "Dubai", "United Arab Emirates", "AE", "", 25.2048, 55.2708, Asia, 1, 971},
	{"Tel Aviv", "Tel Aviv", "Israel", "IL", "6100000", 32.0853, 34.7818, Asia, 1, 972},
	{"Sydney", "New South Wales", "Australia", "AU", "2000", -33.8688, 151.2093, Oceania, 3, 61},
	{"Melbourne", "Victoria", "Australia", "AU", "3000", -37.8136, 144.9631, Oceania, 2, 61},
	{"Brisbane", "Queensland", "Australia", "AU", "4000", -27.4698, 153.0251, Oceania, 1, 61},
	{"Perth", "Western Australia", "Australia", "AU", "6000", -31.9505, 115.8605, Oceania, 1, 61},
	{"Auckland", "Auckland", "New Zealand", "NZ", "1010", -36.8485, 174.7633, Oceania, 1, 64},
	{"Wellington", "Wellington", "New Zealand", "NZ", "6011", -41.2865, 174.7762, Oceania, 1, 64},
	// Weight 0: never drawn for ordinary users (appending it leaves every draw as it was); the
	// simulators' planted cases use it for a login from a country few orgs approve.
	{"Moscow", "Moscow", "Russia", "RU", "101000", 55.7558, 37.6173, Europe, 0, 7},
}

// CityIndex returns the index in Cities of the city called name; it panics for an unknown
// name (callers name cities in code).
func CityIndex(name string) int {
	for i := range Cities {
		if Cities[i].Name == name {
			return i
		}
	}
	panic("simkit: unknown city " + name)
}
