package salesforce_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

func writeKey(t *testing.T, passphrase string) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	block := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}
	if passphrase != "" {
		//lint:ignore SA1019 the legacy format is what the connector must read
		block, err = x509.EncryptPEMBlock(rand.Reader, block.Type, block.Bytes, []byte(passphrase), x509.PEMCipherAES256) //nolint:staticcheck
		if err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "server.key")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func headless(t *testing.T, opts map[string]string, sec map[string]string) (*sfsim.Server, source.Client) {
	t.Helper()
	sim := sfsim.New(sfsim.Config{Users: 30, Seed: 8})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	o := map[string]string{salesforce.OptClientID: sim.Credentials().ClientID}
	for k, v := range opts {
		o[k] = v
	}
	mem := secrets.NewMemory()
	for k, v := range sec {
		if v == "SIM-SECRET" {
			v = sim.Credentials().ClientSecret
		}
		secrets.ForConnection(mem, 1).Set(context.Background(), k, v)
	}
	cl, err := (&salesforce.Connector{Tuning: pace.Tuning{RetryBase: time.Millisecond}}).Open(context.Background(),
		source.Config{URL: base, Options: o, Secrets: secrets.ForConnection(mem, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return sim, cl
}

func TestJWTBearerFlowWithAnEncryptedKey(t *testing.T) {
	path := writeKey(t, "correct horse")
	sim, cl := headless(t, map[string]string{salesforce.OptAuthFlow: salesforce.FlowJWTBearer,
		salesforce.OptPrivateKeyFile: path, salesforce.OptUsername: "admin@acme.example"},
		map[string]string{salesforce.SecretKeyPass: "correct horse"})
	if sim.AdminUsername() != "admin@acme.example" {
		t.Fatalf("the simulator's admin is %s, the test signs in as admin@acme.example", sim.AdminUsername())
	}
	pages, err := listAll2(t, cl)
	if err != nil || !slices.Equal(pages, sim.ActiveSessionIDs()) {
		t.Fatalf("listing with a JWT bearer token: %d sessions, %v", len(pages), err)
	}
	who, err := cl.(source.Identity).WhoAmI(context.Background())
	if err != nil || who != sim.AdminUsername() {
		t.Fatalf("WhoAmI = %q, %v", who, err)
	}
}

func TestJWTBearerWrongPassphraseIsClear(t *testing.T) {
	path := writeKey(t, "correct horse")
	_, cl := headless(t, map[string]string{salesforce.OptAuthFlow: salesforce.FlowJWTBearer,
		salesforce.OptPrivateKeyFile: path, salesforce.OptUsername: "admin@acme.example"},
		map[string]string{salesforce.SecretKeyPass: "battery staple"})
	if _, err := listAll2(t, cl); err == nil {
		t.Fatal("a wrong passphrase must fail")
	}
}

func TestClientCredentialsFlow(t *testing.T) {
	sim, cl := headless(t, map[string]string{salesforce.OptAuthFlow: salesforce.FlowClientCredentials},
		map[string]string{salesforce.SecretClientKey: "SIM-SECRET"})
	ids, err := listAll2(t, cl)
	if err != nil || len(ids) != len(sim.ActiveSessionIDs()) {
		t.Fatalf("client credentials: %d sessions, %v", len(ids), err)
	}
	_, bad := headless(t, map[string]string{salesforce.OptAuthFlow: salesforce.FlowClientCredentials},
		map[string]string{salesforce.SecretClientKey: "wrong"})
	if _, err := listAll2(t, bad); source.CodeOf(err) != source.CodeAuth {
		t.Fatalf("a wrong consumer secret must be an auth error, got %v", err)
	}
}

func listAll2(t *testing.T, cl source.Client) ([]string, error) {
	ids, _, err := listAll(t, cl)
	slices.Sort(ids)
	return ids, err
}
