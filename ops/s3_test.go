package ops

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// versitygwInstall is how .ci/run (and a developer) installs the S3 server.
const versitygwInstall = "go install github.com/versity/versitygw/cmd/versitygw@v1.8.0"

// s3Server is a versitygw S3 gateway on loopback with its POSIX backend:
// bucket B is the directory Root/B and object K the file Root/B/K.
type s3Server struct {
	Endpoint, Region, Bucket string
	AccessKey, Secret        string
	Root                     string
}

// startVersity starts versitygw with a fresh root and one empty bucket. The
// bucket is made by the POSIX backend's convention (a directory under the
// root), because PocketBase's S3 client cannot create buckets.
func startVersity(t *testing.T, bucket string) *s3Server {
	t.Helper()
	bin := requireTool(t, "versitygw", versitygwInstall)
	s := &s3Server{
		Region: "us-east-1", Bucket: bucket,
		AccessKey: "ops-root", Secret: "ops-root-secret-0123456789",
		Root: t.TempDir(),
	}
	if err := os.Mkdir(filepath.Join(s.Root, bucket), 0o755); err != nil {
		t.Fatal(err)
	}
	endpoint := func(port int) string { return fmt.Sprintf("http://127.0.0.1:%d", port) }
	_, port := startListening(t, "versitygw",
		func(port int) *exec.Cmd {
			cmd := exec.Command(bin,
				"--port", fmt.Sprintf("127.0.0.1:%d", port),
				"--access", s.AccessKey, "--secret", s.Secret, "--region", s.Region, "--quiet",
				"posix", s.Root)
			cmd.Env = os.Environ()
			return cmd
		},
		// Any HTTP answer (403 to an unsigned request) means it serves.
		func(port int) string { return endpoint(port) + "/" },
		func(code int) bool { return code > 0 })
	s.Endpoint = endpoint(port)
	return s
}

// env is the IB_S3_* configuration of DESIGN.md §8 pointing at s.
func (s *s3Server) env() []string {
	return []string{
		"IB_S3_ENDPOINT=" + s.Endpoint,
		"IB_S3_BUCKET=" + s.Bucket,
		"IB_S3_REGION=" + s.Region,
		"IB_S3_ACCESS_KEY=" + s.AccessKey,
		"IB_S3_SECRET=" + s.Secret,
		"IB_S3_FORCE_PATH_STYLE=true",
	}
}

// TestFilesOnS3 runs the internship workflow on the real binary with IB_S3_*
// pointing at a loopback versitygw: the résumé, the final report and the
// certificate PDF land in the bucket and not in pb_data/storage, and the
// protected-file rules still hold when PocketBase serves them from S3.
func TestFilesOnS3(t *testing.T) {
	s3 := startVersity(t, "internbase-files")
	data := t.TempDir()
	srv := startServer(t, data, s3.env()...)

	// The overrides reached the settings.
	var settings struct {
		S3 struct {
			Enabled        bool   `json:"enabled"`
			Bucket         string `json:"bucket"`
			Endpoint       string `json:"endpoint"`
			Region         string `json:"region"`
			ForcePathStyle bool   `json:"forcePathStyle"`
		} `json:"s3"`
	}
	superuser(t, srv.URL).json("GET", "/api/settings", nil, 200, &settings)
	if got := settings.S3; !got.Enabled || got.Bucket != s3.Bucket || got.Endpoint != s3.Endpoint || got.Region != s3.Region || !got.ForcePathStyle {
		t.Fatalf("settings.s3 = %+v, want enabled with the IB_S3_* values", got)
	}

	w := newWorld(t, srv.URL)

	// A second view of the bucket through the S3 API (ListObjects, HeadObject),
	// with PocketBase's own S3 client.
	bucket, err := filesystem.NewS3(s3.Bucket, s3.Region, s3.Endpoint, s3.AccessKey, s3.Secret, true)
	if err != nil {
		t.Fatal(err)
	}
	defer bucket.Close()
	listed := map[string]bool{}
	objects, err := bucket.List("")
	if err != nil {
		t.Fatalf("ListObjects: %v", err)
	}
	for _, o := range objects {
		listed[o.Key] = true
	}

	for _, f := range w.files() {
		t.Run(f.label, func(t *testing.T) {
			key := "ib_" + f.collection + "/" + f.recordID + "/" + f.name
			if !listed[key] {
				t.Errorf("ListObjects of the bucket does not have %s (it has %d objects)", key, len(objects))
			}
			stored, err := os.ReadFile(filepath.Join(s3.Root, s3.Bucket, filepath.FromSlash(key)))
			if err != nil {
				t.Fatalf("the object is not in the bucket's directory: %v", err)
			}
			if f.want != nil && !bytes.Equal(stored, f.want) {
				t.Errorf("the object's bytes differ from the upload")
			}
			if _, err := os.Stat(filepath.Join(data, "storage", filepath.FromSlash(key))); !os.IsNotExist(err) {
				t.Errorf("the file is also in pb_data/storage (stat: %v)", err)
			}

			if code, _ := download(t, srv.URL, f.collection, f.recordID, f.name, ""); code != 404 {
				t.Errorf("download without a file token: status %d, want 404", code)
			}
			code, got := download(t, srv.URL, f.collection, f.recordID, f.name, w.s1.fileToken())
			if code != 200 || !bytes.Equal(got, stored) {
				t.Errorf("download with the owner's token: status %d, %d bytes; want 200 and the %d stored bytes", code, len(got), len(stored))
			}
			for who, c := range map[string]*client{"a student of the other college": w.s3, "the other host's supervisor": w.supY} {
				if code, _ := download(t, srv.URL, f.collection, f.recordID, f.name, c.fileToken()); code != 404 {
					t.Errorf("download with the token of %s: status %d, want 404", who, code)
				}
			}
		})
	}

	// The certificate PDF in the bucket is the one whose hash was signed.
	stored, err := os.ReadFile(filepath.Join(s3.Root, s3.Bucket, "ib_certificates", w.certificate.str("id"), w.pdfName))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(stored)
	if got := hex.EncodeToString(sum[:]); got != w.certificate.str("sha256") {
		t.Errorf("the certificate PDF in the bucket hashes to %s, the record says %s", got, w.certificate.str("sha256"))
	}

	// Nothing at all was written to local storage.
	filepath.WalkDir(filepath.Join(data, "storage"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("a file was stored locally: %s", path)
		}
		return nil
	})
}
