module github.com/weft-lang/weft

go 1.26
