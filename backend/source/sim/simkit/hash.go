package simkit

// Splitmix is the SplitMix64 finaliser, used for cheap deterministic hashing: every derived
// value of the simulators' data is a function of the seed through it.
func Splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// HashString is the 64-bit FNV-1a hash of s.
func HashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Alnum is the alphabet of digits and ASCII letters, upper case first.
const Alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// DetString derives n characters from alphabet, deterministically from seed and tag.
func DetString(seed, tag uint64, n int, alphabet string) string {
	b := make([]byte, n)
	x := Splitmix(seed ^ (tag * 0x9e3779b97f4a7c15))
	for i := range b {
		x = Splitmix(x)
		b[i] = alphabet[x%uint64(len(alphabet))]
	}
	return string(b)
}
