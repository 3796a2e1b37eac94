// Package ops holds Internbase's operations tests: the real binary with its
// files on an S3-compatible server (versitygw), PocketBase's backups made and
// restored into a fresh data dir, and the Litestream restore drill
// (restore-drill.sh). It has no code of its own; see README.md and
// docs/DEPLOY.md.
package ops
