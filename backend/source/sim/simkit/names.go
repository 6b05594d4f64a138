package simkit

// FirstNames and LastNames are combined into user names. Usernames are ASCII, so each entry
// has an ASCII spelling for the username next to the display spelling.
var FirstNames = []string{
	"Jane", "John", "Maria", "Ahmed", "Wei", "Yuki", "Olga", "Liam", "Emma", "Noah",
	"Sofia", "Lucas", "Chloé", "Mateo", "Aisha", "Kwame", "Ingrid", "Lars", "Mei", "Ravi",
	"Ananya", "Diego", "Valentina", "Hiroshi", "Min-jun", "Fatima", "Omar", "Elena", "Ivan", "Zoe",
	"Oliver", "Amelia", "Jack", "Isla", "Mohammed", "Nia", "Tariq", "Freya", "Hugo", "Léa",
	"Giulia", "Marco", "Sven", "Astrid", "Thabo", "Zanele", "Camila", "Santiago", "Aiko", "Kenji",
	"Priyanka", "Arjun", "Grace", "Daniel", "Sarah", "David", "Laura", "Michael", "Anna", "Peter",
	"Nadia", "Karim", "Chen", "Lin", "Tomás", "Inês", "Emily", "James", "Ava", "Ethan",
}

// LastNames are family names, in the same mix of origins as FirstNames.
var LastNames = []string{
	"Doe", "Smith", "Garcia", "Müller", "Nguyen", "Tanaka", "Kowalski", "O'Brien", "Rossi", "Dubois",
	"Silva", "Martins", "Okafor", "Mensah", "Johansson", "Nielsen", "Chen", "Wang", "Sharma", "Patel",
	"Iyer", "Fernández", "López", "Sato", "Kim", "Park", "Haddad", "Khan", "Petrov", "Ivanova",
	"Brown", "Wilson", "Taylor", "Thompson", "Walker", "Hughes", "Murphy", "Kelly", "Schmidt", "Weber",
	"Bianchi", "Romano", "Lindqvist", "Berg", "Dlamini", "Nkosi", "Rodríguez", "Herrera", "Yamamoto", "Suzuki",
	"Reddy", "Gupta", "Anderson", "Clark", "Lewis", "Young", "Moreau", "Lefèvre", "Novak", "Horvat",
	"Costa", "Pereira", "Ali", "Hassan", "Cohen", "Levi", "Jensen", "Hansen", "Evans", "Roberts",
}

// ASCIIFold lower-cases a name and spells it in ASCII for use in a username.
func ASCIIFold(s string) string {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, byte(r))
		case r >= 'A' && r <= 'Z':
			out = append(out, byte(r-'A'+'a'))
		case r == '-' || r == ' ':
			out = append(out, '-')
		default:
			if f, ok := foldTable[r]; ok {
				out = append(out, f)
			}
		}
	}
	return string(out)
}

var foldTable = map[rune]byte{
	'é': 'e', 'è': 'e', 'ê': 'e', 'É': 'e', 'á': 'a', 'à': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a',
	'í': 'i', 'ï': 'i', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ú': 'u', 'ü': 'u', 'ç': 'c',
	'ñ': 'n', 'å': 'a', 'ø': 'o', 'Ø': 'o', 'ß': 's',
}
