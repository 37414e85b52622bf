package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Options configure a server.
type Options struct {
	// Logger receives the server's log lines (stderr or --log FILE).
	Logger *log.Logger
	// Debounce is the delay that makes changes a burst: a change within
	// Debounce of the previous one is analysed Debounce after the last
	// change of the burst, other changes at once (default 15ms).
	Debounce time.Duration
	// Version is reported in serverInfo.
	Version string
}

type serverState int

const (
	stateNew serverState = iota
	stateRunning
	stateShutdown
)

// Server is one language-server session.
type Server struct {
	opts   Options
	log    *log.Logger
	conn   *jsonrpc2.Conn
	mu     sync.Mutex
	state  serverState
	docs   map[protocol.DocumentURI]*Document
	evals  map[protocol.DocumentURI]*EvalResult
	cancel map[string]*inflight // by requestKey
	timers map[protocol.DocumentURI]*time.Timer
	// settings from initializationOptions / didChangeConfiguration.
	settings Settings
	folders  []string
	// lint holds the weft.toml loader and module resolver; gen counts
	// their reloads (see lintGen).
	lint lintState
	gen  uint64
	// client capabilities we adapt to.
	pullDiagnostics bool
	done            chan struct{}
	exitCode        int
	// onPanic, when set (by tests, before Serve), hears of every panic a
	// handler recovered from: outside a request's InternalError a
	// recovered panic is only a log line, which fuzzing could not notice.
	onPanic func(where string, p any)
}

// NewServer makes a server; call Serve to run it on a connection.
func NewServer(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = log.New(io.Discard, "", 0)
	}
	if opts.Debounce == 0 {
		opts.Debounce = 15 * time.Millisecond
	}
	return &Server{
		opts:     opts,
		log:      opts.Logger,
		docs:     map[protocol.DocumentURI]*Document{},
		evals:    map[protocol.DocumentURI]*EvalResult{},
		cancel:   map[string]*inflight{},
		timers:   map[protocol.DocumentURI]*time.Timer{},
		settings: defaultSettings(),
		done:     make(chan struct{}),
		exitCode: 1,
	}
}

// Serve runs the session on rwc until the client sends exit or closes the
// connection. It returns the process exit status the LSP spec asks for
// (0 after shutdown+exit, 1 otherwise).
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	conn := jsonrpc2.NewConn(ctx, newFrameStream(rwc), s, jsonrpc2.SetLogger(s.log))
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	select {
	case <-conn.DisconnectNotify():
	case <-s.done:
		conn.Close()
	case <-ctx.Done():
		conn.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.timers {
		t.Stop()
	}
	for _, c := range s.cancel {
		c.cancel()
	}
	return s.exitCode
}

// Handle implements jsonrpc2.Handler. Notifications run in order on the
// reader goroutine; requests run concurrently.
func (s *Server) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Notif {
		s.safeNotify(ctx, req)
		return
	}
	if req.Method == "initialize" || req.Method == "shutdown" {
		s.reply(ctx, conn, req, s.safeCall(ctx, req))
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	key := requestKey(req.ID)
	entry := &inflight{cancel: cancel}
	s.mu.Lock()
	// A client reusing the id of a request still running breaks the
	// protocol; $/cancelRequest then reaches the newer request, and the
	// older one finishing must not drop the newer one's entry.
	s.cancel[key] = entry
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			if s.cancel[key] == entry {
				delete(s.cancel, key)
			}
			s.mu.Unlock()
			cancel()
		}()
		s.reply(ctx, conn, req, s.safeCall(ctx, req))
	}()
}

// inflight is a running request that $/cancelRequest can cancel.
type inflight struct{ cancel context.CancelFunc }

// requestKey names a request id: numbers signed (jsonrpc2 keeps -5 as
// uint64), strings quoted, so that 5 and "5" differ.
func requestKey(id jsonrpc2.ID) string {
	if id.IsString {
		return strconv.Quote(id.Str)
	}
	return strconv.FormatInt(int64(id.Num), 10)
}

type callResult struct {
	v   any
	err error
}

func (s *Server) reply(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request, r callResult) {
	if r.err != nil {
		e, ok := r.err.(*jsonrpc2.Error)
		if !ok {
			e = &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: r.err.Error()}
		}
		if err := conn.ReplyWithError(context.Background(), req.ID, e); err != nil {
			s.log.Printf("reply %s: %v", req.Method, err)
		}
		return
	}
	if err := conn.Reply(context.Background(), req.ID, r.v); err != nil {
		s.log.Printf("reply %s: %v", req.Method, err)
	}
}

// safeCall runs a request handler, turning panics into InternalError.
func (s *Server) safeCall(ctx context.Context, req *jsonrpc2.Request) (r callResult) {
	defer func() {
		if p := recover(); p != nil {
			s.recovered(req.Method, p)
			r = callResult{err: &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: fmt.Sprintf("internal error in %s: %v", req.Method, p)}}
		}
	}()
	start := time.Now()
	v, err := s.dispatch(ctx, req)
	s.log.Printf("%s (%s)", req.Method, time.Since(start))
	return callResult{v: v, err: err}
}

func (s *Server) safeNotify(ctx context.Context, req *jsonrpc2.Request) {
	defer func() {
		if p := recover(); p != nil {
			s.recovered(req.Method, p)
		}
	}()
	if err := s.notify(ctx, req); err != nil {
		s.log.Printf("%s: %v", req.Method, err)
	}
}

// recovered logs a panic recovered in where, with the stack of the
// deferred recover (which includes the panicking frame).
func (s *Server) recovered(where string, p any) {
	s.log.Printf("panic in %s: %v\n%s", where, p, debug.Stack())
	if s.onPanic != nil {
		s.onPanic(where, p)
	}
}

func errInvalidParams(err error) error {
	return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "invalid params: " + err.Error()}
}

// decode unmarshals request params.
func decode(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return errInvalidParams(fmt.Errorf("missing params"))
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		return errInvalidParams(err)
	}
	return nil
}

const codeServerNotInitialized = -32002
const codeRequestCancelled = -32800

// dispatch routes a request to its feature handler.
func (s *Server) dispatch(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	if req.Method == "initialize" {
		return s.initialize(ctx, req)
	}
	switch state {
	case stateNew:
		return nil, &jsonrpc2.Error{Code: codeServerNotInitialized, Message: "server not initialized"}
	case stateShutdown:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "server is shut down"}
	}
	h, ok := requestHandlers[req.Method]
	if !ok {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not found: " + req.Method}
	}
	return h(s, ctx, req)
}

type requestHandler func(s *Server, ctx context.Context, req *jsonrpc2.Request) (any, error)

// requestHandlers is filled by each feature file's init.
var requestHandlers = map[string]requestHandler{
	"shutdown": func(s *Server, ctx context.Context, req *jsonrpc2.Request) (any, error) {
		s.mu.Lock()
		s.state = stateShutdown
		s.mu.Unlock()
		return nil, nil
	},
}

type notificationHandler func(s *Server, ctx context.Context, req *jsonrpc2.Request) error

var notificationHandlers = map[string]notificationHandler{
	"exit": func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.state == stateShutdown {
			s.exitCode = 0
		}
		// The reader goes on until Serve closes the connection, so a
		// second exit can arrive: closing done again panicked.
		select {
		case <-s.done:
		default:
			close(s.done)
		}
		return nil
	},
	"initialized": func(s *Server, ctx context.Context, req *jsonrpc2.Request) error { return nil },
	"$/setTrace":  func(s *Server, ctx context.Context, req *jsonrpc2.Request) error { return nil },
	"$/cancelRequest": func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		var p struct {
			ID json.RawMessage `json:"id"`
		}
		if err := decode(req, &p); err != nil {
			return err
		}
		var id jsonrpc2.ID
		if n, err := strconv.ParseInt(string(p.ID), 10, 64); err == nil {
			id.Num = uint64(n) // as jsonrpc2 stores a request's id
		} else if err := json.Unmarshal(p.ID, &id.Str); err == nil {
			id.IsString = true
		} else {
			return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "$/cancelRequest: id must be an integer or a string"}
		}
		s.mu.Lock()
		c := s.cancel[requestKey(id)]
		s.mu.Unlock()
		if c != nil {
			c.cancel()
		}
		return nil
	},
}

func (s *Server) notify(ctx context.Context, req *jsonrpc2.Request) error {
	h, ok := notificationHandlers[req.Method]
	if !ok {
		return nil // unknown notifications are ignored, as the spec says
	}
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	if state == stateNew && req.Method != "exit" {
		return nil
	}
	return h(s, ctx, req)
}

// send sends a notification to the client.
func (s *Server) send(method string, params any) {
	s.mu.Lock()
	conn := s.conn
	s.mu.Unlock()
	if conn == nil {
		return
	}
	if err := conn.Notify(context.Background(), method, params); err != nil {
		s.log.Printf("notify %s: %v", method, err)
	}
}
