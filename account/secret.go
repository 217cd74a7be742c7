package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"planwatch"
)

// Secrets are random: 32 bytes from crypto/rand, written in URL-safe
// base64 after a prefix that says what they are ("pws_" a browser's
// session, "pwt_" an API token), so that a token pasted in the wrong
// place, or found in a log, is recognised. Only their SHA-256 is stored:
// the secret has 256 random bits, so a fast hash is enough, and a stolen
// database holds nothing to sign in with.
const (
	SessionPrefix = "pws_"
	TokenPrefix   = "pwt_"
	secretBytes   = 32
)

var secretLen = base64.RawURLEncoding.EncodedLen(secretBytes)

// NewSecret returns a new secret with the prefix, and its hash.
func NewSecret(prefix string) (secret, hash string, err error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret), nil
}

// HashSecret is what the store keeps of a secret.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ParseSecret checks that s is a secret of the prefix as NewSecret makes
// them (in a cookie or an Authorization header, from anyone), before
// anything looks it up.
func ParseSecret(prefix, s string) (string, error) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) != secretLen {
		return "", planwatch.Errorf(planwatch.EINVALID, "not a %s secret", strings.TrimSuffix(prefix, "_"))
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	if err != nil || len(b) != secretBytes {
		return "", planwatch.Errorf(planwatch.EINVALID, "not a %s secret", strings.TrimSuffix(prefix, "_"))
	}
	return s, nil
}

// BearerToken reads an API token from an Authorization header's value
// ("Bearer pwt_..."); ok is false when there is none or it is malformed.
func BearerToken(header string) (string, bool) {
	scheme, tok, found := strings.Cut(strings.TrimSpace(header), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok, err := ParseSecret(TokenPrefix, strings.TrimSpace(tok))
	return tok, err == nil
}
