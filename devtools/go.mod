module github.com/ocap-kernel/ocap-go/devtools

go 1.26.0
