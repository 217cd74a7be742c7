// Package account signs people in and decides what they may do: password
// hashing (argon2id), sessions and API tokens (random secrets of which
// only a hash is stored), login rate limiting, and the one authorisation
// check of roles granted on unit subtrees (Scope.Allowed).
package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"

	"planwatch"
)

// Params are argon2id's costs: memory in KiB, passes, lanes. They are
// written with each hash, so that a hash made with other costs still
// checks after they change.
type Params struct {
	Memory  uint32
	Time    uint32
	Threads uint8
}

// DefaultParams are the costs of new hashes: 64 MiB, 3 passes, 2 lanes,
// above the floor RFC 9106 and OWASP give for argon2id (19 MiB, 2
// passes), a tenth of a second or so on a small server.
var DefaultParams = Params{Memory: 64 * 1024, Time: 3, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
	// MinPassword and MaxPassword bound a password's length in bytes:
	// long enough to resist guessing, short enough to hash cheaply.
	MinPassword = 10
	MaxPassword = 1024
)

// CheckPasswordText refuses a password too short or too long, in both
// languages.
func CheckPasswordText(pw string) error {
	switch {
	case len(pw) < MinPassword:
		return planwatch.Errorf(planwatch.EINVALID, "mật khẩu quá ngắn: ít nhất %d ký tự / password too short: at least %d characters", MinPassword, MinPassword)
	case len(pw) > MaxPassword:
		return planwatch.Errorf(planwatch.EINVALID, "mật khẩu quá dài / password too long: at most %d bytes", MaxPassword)
	}
	return nil
}

// HashPassword hashes a password with argon2id and a random salt, in the
// PHC string format: $argon2id$v=19$m=65536,t=3,p=2$salt$hash.
func HashPassword(pw string, p Params) (string, error) {
	if err := CheckPasswordText(pw); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// parseHash reads a hash HashPassword wrote.
func parseHash(h string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(h, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, planwatch.Errorf(planwatch.EINVALID, "not an argon2id hash of version %d", argon2.Version)
	}
	var m, t, th uint64
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, perr := strconv.ParseUint(v, 10, 32)
		if perr != nil {
			return p, nil, nil, planwatch.Errorf(planwatch.EINVALID, "argon2id hash: parameter %q", kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			th = n
		default:
			return p, nil, nil, planwatch.Errorf(planwatch.EINVALID, "argon2id hash: parameter %q", kv)
		}
	}
	// Bounds keep a forged hash from costing the server its memory.
	if m < 8 || m > 1024*1024 || t < 1 || t > 100 || th < 1 || th > 255 {
		return p, nil, nil, planwatch.Errorf(planwatch.EINVALID, "argon2id hash: parameters out of range")
	}
	enc := base64.RawStdEncoding
	if salt, err = enc.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, planwatch.Errorf(planwatch.EINVALID, "argon2id hash: salt")
	}
	if key, err = enc.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, planwatch.Errorf(planwatch.EINVALID, "argon2id hash: key")
	}
	return Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(th)}, salt, key, nil
}

// CheckPassword reports whether pw is the password of the hash, in time
// that does not depend on where they differ. A hash that cannot be read
// matches nothing.
func CheckPassword(hash, pw string) bool {
	if len(pw) > MaxPassword {
		return false
	}
	p, salt, key, err := parseHash(hash)
	if err != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummy is a hash checked when the user does not exist, so that a login
// takes as long for a wrong name as for a wrong password: made once, with
// the costs of the first login that needs it.
var dummy struct {
	once sync.Once
	hash string
}

func dummyHash(p Params) string {
	dummy.once.Do(func() { dummy.hash, _ = HashPassword("no such user, never a password", p) })
	return dummy.hash
}
