using Infra.Providers.Processes;

namespace Infra.Providers.Ssh;

/// <summary>
/// The POSIX shell scripts <see cref="SshBlobStorage"/> runs on the remote host, one per operation.
/// Arguments: <c>$1</c> the root folder, <c>$2</c> the path under it, <c>$3</c> a token unique to the call.
/// Content travels as base64 on stdin/stdout so the bytes arrive exactly. Exit 3 means "not there" (read)
/// or "already there" (exclusive create); any other failure prints the reason on stderr. Each process a script
/// starts shows in every call's time on a small host, so the common path starts as few as it can.
/// </summary>
public static class RemoteFileScripts
{
    public const int Absent = 3;
    public const int Exists = 3;
    public const int SourceDiffers = 4;

    // State holds the stack's topology and encrypted secrets: only the login user may read it.
    // A folder the user may not search makes `[ -e file ]` false; `visible` tells that apart from "missing".
    private const string Prelude = """
        umask 077
        f="$1/$2"
        visible() {
          p=$1
          while [ ! -e "$p" ]; do
            case $p in */*) p=${p%/*}; [ -n "$p" ] || p=/ ;; *) p=. ;; esac
          done
          [ -x "$p" ] || { echo "$p: Permission denied" >&2; return 1; }
        }

        """;

    public const string Read = Prelude + """
        if [ -e "$f" ]; then
          base64 < "$f" && exit 0
          [ -e "$f" ] || exit 3
          exit 1
        fi
        visible "$f" || exit 1
        exit 3
        """;

    // temp + sync + rename: a reader sees the old file or the new one, never a part. The .bak is a second name of the
    // file being replaced (a hard link, no copy): the rename gives the new content a new file, the .bak keeps the old.
    private const string Replace = """
        sync "$t" 2>/dev/null || sync
        if [ -e "$f" ]; then ln -f -- "$f" "$f.bak" || exit 1; fi
        mv -f -- "$t" "$f" || exit 1
        sync "$d" 2>/dev/null || true
        """;

    // The temporary is removed only when a failure left it (an `rm` on every call would be one more process).
    private const string Temporaries = """
        d=${f%/*}; t="$f.$3.tmp"
        [ -d "$d" ] || mkdir -p -- "$d" || exit 1
        trap '[ ! -e "$t" ] || rm -f -- "$t"' EXIT

        """;

    // $4, when given, is the content itself (text without NUL: a lock, an index), written by the shell's own printf.
    private const string Content = """
        if [ -n "${4+set}" ]; then printf '%s' "$4" > "$t" || exit 1
        else base64 -d > "$t" || exit 1
        fi

        """;

    public const string WriteAtomic = Prelude + Temporaries + Content + Replace;

    // $4 a file under the root whose content has SHA-256 $5: copied on the host instead of sent, when it still has it.
    public const string CopyAtomic = Prelude + Temporaries + """
        cp -- "$1/$4" "$t" 2>/dev/null || exit 4
        h=$(sha256sum < "$t" 2>/dev/null) || exit 4
        case $h in "$5 "*) ;; *) exit 4 ;; esac

        """ + Replace;

    // The shell's noclobber opens the lock with O_EXCL, which refuses an existing name atomically; the content is
    // written and synced right after, as the file backend does (its CreateNew). A write that fails removes the file
    // (the trap, armed until the sync): an empty lock would look like another run's.
    public const string CreateExclusive = Prelude + """
        d=${f%/*}
        [ -d "$d" ] || mkdir -p -- "$d" || exit 1
        if ! err=$( { set -C; : > "$f"; } 2>&1 ); then
          [ -e "$f" ] && exit 3
          echo "$err" >&2
          exit 1
        fi
        t=$f; filled=
        trap '[ -n "$filled" ] || rm -f -- "$f"' EXIT

        """ + Content + """
        sync "$f" 2>/dev/null || sync
        filled=1
        """;

    /// <summary>Lines for the end of a write script: remove these files under the root (reached only once the write succeeded).</summary>
    public static string DeleteAfter(IReadOnlyList<string> paths) =>
        paths.Count == 0 ? "" : "\nrm -f --" + string.Concat(paths.Select(p => $" \"$1\"/{ShellQuote.Single(p)}")) + "\n";

    public const string Delete = Prelude + """
        rm -f -- "$f"
        """;

    public const string List = Prelude + """
        if [ ! -d "$f" ]; then visible "$f" || exit 1; exit 0; fi
        [ -r "$f" ] && [ -x "$f" ] || { echo "$f: Permission denied" >&2; exit 1; }
        for n in "$f"/* "$f"/.[!.]* "$f"/..?*; do
          [ -f "$n" ] && printf '%s\n' "${n##*/}"
        done
        exit 0
        """;
}
