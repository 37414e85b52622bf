// Package lsp is Weft's language server: the protocol adapter between an
// editor and the compiler, analysis and VM packages.
//
// Design:
//
//   - Transport: JSON-RPC 2.0 (github.com/sourcegraph/jsonrpc2) over stdio
//     or TCP, with the LSP's Content-Length framing. Our frame reader
//     (stream.go) answers a body that is not JSON with a parse error, JSON
//     that is not a JSON-RPC message with an invalid request, and keeps
//     reading (resynchronising on the next Content-Length header after
//     garbage), so a bad message never ends the session. Types come from
//     go.lsp.dev/protocol; LSP 3.17 additions the library lacks (inlay
//     hints, pull diagnostics) are local structs (types317.go).
//   - Notifications (didOpen, didChange, ...) are handled in arrival order
//     on the reader goroutine, so document versions never race; requests
//     run on their own goroutines with a cancellable context registered by
//     id for $/cancelRequest, so a long evaluation never blocks hovers.
//   - Every handler is a thin layer over compiler/analysis/vm; a panic in
//     one is recovered, logged and answered with an InternalError. The fuzz
//     targets FuzzRequest and FuzzFraming (go test -fuzz) hold every
//     message to a clear error and the session to keep working; they fail
//     on recovered panics, which tests hear of through Server.onPanic.
//   - Positions: the rest of the toolchain speaks byte offsets; this is the
//     only package that converts to and from UTF-16 code units
//     (position.go).
//   - Diagnostics are recomputed on change, tagged with the document
//     version; a result computed for an older version is dropped. The
//     analysis runs off the reader goroutine and without holding the
//     document's lock (snapshot.go, documents.go): a keystroke after a
//     pause is analysed at once, a burst of changes (each within the
//     debounce delay of the previous one) once the burst is over, and a
//     newer version cancels the analysis of the older one. Requests wait
//     for the analysis of the current version already in progress rather
//     than starting another. Each analysis reuses the previous
//     snapshot's compiled code for the top-level defs and classes whose
//     text did not change.
package lsp
