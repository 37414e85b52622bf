" Weft is Python syntax: reuse Python's highlighting.
if exists("b:current_syntax")
  finish
endif
runtime! syntax/python.vim
unlet! b:current_syntax
syntax keyword weftStackless stackless tasklet channel
highlight default link weftStackless Special
let b:current_syntax = "weft"
