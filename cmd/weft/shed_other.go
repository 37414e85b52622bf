//go:build !linux

package main

// shedStartupPages is Linux-only (shed_linux.go); elsewhere the binary's
// pages are left to the system.
func shedStartupPages() uintptr { return 0 }
