package risk

import "math"

// EarthRadiusKm is the IUGG mean radius of the Earth.
const EarthRadiusKm = 6371.0088

// DistanceKm is the great-circle distance between two points given in degrees (haversine).
// Longitudes may be on either side of the antimeridian: the shorter way round is taken.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * EarthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}
