namespace Infra.Providers.Docker;

/// <summary>
/// The entrypoint wrapper of a service with secret environment values: Swarm's service spec carries only
/// <c>NAME_FILE=/run/secrets/NAME</c>; the wrapper exports each NAME from its file, unsets NAME_FILE (images that read
/// <c>*_FILE</c> themselves would refuse both), then runs the image's own program. It needs /bin/sh in the image.
/// </summary>
public static class EnvFromFiles
{
    public const string Path = "/run/infra/env-from-files";
    /// <summary>The variable listing the names to read, space-separated.</summary>
    public const string ListVariable = "INFRA_ENV_FROM_FILES";

    public const string Script = """
        #!/bin/sh
        # infra: exports each variable listed in INFRA_ENV_FROM_FILES from the file its NAME_FILE names, then runs the program.
        for n in $INFRA_ENV_FROM_FILES; do
          eval "f=\${${n}_FILE}"
          v=$(cat "$f") || { echo "infra: cannot read $f for $n" >&2; exit 1; }
          export "$n=$v"
          unset "${n}_FILE"
        done
        unset INFRA_ENV_FROM_FILES
        exec "$@"

        """;
}
