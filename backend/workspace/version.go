package workspace

// Version is the build's version, shown in About and by `sessionscope --version`. The Makefile
// sets it from git (tools/version.sh) with -ldflags "-X sessionscope/backend/workspace.Version=…";
// a plain `go build` leaves "dev".
var Version = "dev"
