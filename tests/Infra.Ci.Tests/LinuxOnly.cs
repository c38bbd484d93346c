// The tests drive a real sshd, POSIX shell scripts and Unix file modes: they run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
