package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/source/sim/simulators"
)

// The scale benchmark's simulators hold every session they serve in memory; running them in the
// measured process would count their memory as the app's. Each one therefore runs in a child
// process: this test binary again, told by simChildEnv to serve one simulator instead of
// running tests. The child prints one line (simInfo as JSON) once it listens on loopback, and
// exits when its standard input closes — when the benchmark is done with it, or if it dies.
const simChildEnv = "SESSIONSCOPE_BENCH_SIM"

// simSpec is what one child simulates: a kind, sized to about Sessions active sessions.
type simSpec struct {
	Kind     string
	Sessions int
	Seed     int64
	Org      string
}

// simInfo is what the child reports: how to connect and what it holds.
type simInfo struct {
	URL     string
	Options map[string]string
	Secrets map[string]string
	Users   int
	Active  int
}

const simReadyPrefix = "SIM-READY "

func TestMain(m *testing.M) {
	if spec := os.Getenv(simChildEnv); spec != "" {
		if err := serveSim(spec); err != nil {
			fmt.Fprintln(os.Stderr, "bench simulator:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveSim is the child's whole life: build, listen, report, wait for stdin to close.
func serveSim(specJSON string) error {
	var sp simSpec
	if err := json.Unmarshal([]byte(specJSON), &sp); err != nil {
		return err
	}
	// Sessions per user differ by kind and seed: size the simulator from a small probe.
	const probeUsers = 2000
	probe, err := simulators.New(sp.Kind, simulators.Spec{Users: probeUsers, Seed: sp.Seed, Org: sp.Org})
	if err != nil {
		return err
	}
	perUser := float64(len(probe.ActiveSessionIDs())) / probeUsers
	users := max(1, int(math.Round(float64(sp.Sessions)/max(perUser, 0.01))))
	srv, err := simulators.New(sp.Kind, simulators.Spec{Users: users, Seed: sp.Seed, Org: sp.Org})
	if err != nil {
		return err
	}
	if _, err := srv.Start("127.0.0.1:0"); err != nil {
		return err
	}
	defer srv.Close()
	dc := srv.DemoConnection()
	line, _ := json.Marshal(simInfo{URL: dc.URL, Options: dc.Options, Secrets: dc.Secrets, Users: users,
		Active: len(srv.ActiveSessionIDs())})
	fmt.Printf("%s%s\n", simReadyPrefix, line)
	_, err = io.Copy(io.Discard, os.Stdin) // until the parent closes it (or exits)
	return err
}

// simProc is a running child simulator.
type simProc struct {
	spec  simSpec
	info  simInfo
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// rssMB is the child's current resident set, for the record (it is not the app's memory).
func (p *simProc) rssMB() float64 {
	st, _ := procStatus(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	return float64(st["VmRSS"]) / 1024
}

func (p *simProc) stop() {
	p.stdin.Close()
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		p.cmd.Process.Kill() // only this child, by its own pid
		<-done
	}
}

// startSims starts one child process per spec (all at once: generation runs in parallel) and
// waits until each listens. The children are stopped when the benchmark ends.
func startSims(b *testing.B, specs []simSpec) []*simProc {
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	procs := make([]*simProc, len(specs))
	type ready struct {
		i    int
		info simInfo
		err  error
	}
	readyc := make(chan ready, len(specs))
	for i, sp := range specs {
		js, _ := json.Marshal(sp)
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), simChildEnv+"="+string(js))
		cmd.Stderr = os.Stderr
		stdin, err := cmd.StdinPipe()
		if err != nil {
			b.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		p := &simProc{spec: sp, cmd: cmd, stdin: stdin}
		procs[i] = p
		b.Cleanup(p.stop)
		go func() {
			sc := bufio.NewScanner(stdout)
			sc.Buffer(make([]byte, 64<<10), 1<<20)
			for sc.Scan() {
				if rest, ok := strings.CutPrefix(sc.Text(), simReadyPrefix); ok {
					var info simInfo
					err := json.Unmarshal([]byte(rest), &info)
					readyc <- ready{i, info, err}
					io.Copy(io.Discard, stdout)
					return
				}
			}
			readyc <- ready{i, simInfo{}, fmt.Errorf("simulator %s (%s) exited before listening", sp.Org, sp.Kind)}
		}()
	}
	deadline := time.After(10 * time.Minute)
	for range specs {
		select {
		case r := <-readyc:
			if r.err != nil {
				b.Fatal(r.err)
			}
			procs[r.i].info = r.info
		case <-deadline:
			b.Fatal("the simulators did not start within 10 minutes")
		}
	}
	return procs
}
