using Infra.Ci.Tests.Fixtures;

namespace Infra.Ci.Tests.Scripts;

/// <summary>scripts/ci/post-preview-comment.sh with a fake <c>gh</c> that records its arguments.</summary>
public sealed class PostPreviewCommentTests : IDisposable
{
    private const string Script = "scripts/ci/post-preview-comment.sh";
    private readonly ScriptSandbox _sandbox = new();

    public PostPreviewCommentTests()
    {
        // Lists the ids in FAKE_GH_IDS for the search, keeps the body it is sent.
        _sandbox.Fake("gh", """
            for a in "$@"; do case $a in body=@*) cp "${a#body=@}" "$FAKE_GH_BODY" ;; esac; done
            case " $* " in *" --paginate "*) for id in ${FAKE_GH_IDS:-}; do echo "$id"; done ;; esac
            exit 0
            """);
        _sandbox.Env["FAKE_GH_BODY"] = _sandbox.PathOf("sent.md");
        _sandbox.Env["GITHUB_REPOSITORY"] = "acme/selfhosted";
        _sandbox.Env["PR_NUMBER"] = "12";
        _sandbox.Env["GH_TOKEN"] = "fake-token";
    }

    public void Dispose() => _sandbox.Dispose();

    private string Preview(string text)
    {
        var path = _sandbox.PathOf("preview.md");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Comment = "<!-- infra-preview:vps -->\n**`infra preview`** of stack `vps`: **1 to create**\n\n<details>\n<summary>x</summary>\n\n</details>\n";

    [Fact]
    public async Task Without_a_previous_comment_it_posts_one_on_the_pull_request()
    {
        var result = await _sandbox.RunAsync(Script, Preview(Comment));

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal(2, _sandbox.Calls.Count);
        Assert.StartsWith("gh api --paginate repos/acme/selfhosted/issues/12/comments --jq ", _sandbox.Calls[0]);
        Assert.Contains("startswith(\"<!-- infra-preview:vps -->\")", _sandbox.Calls[0]);
        Assert.StartsWith("gh api --method POST repos/acme/selfhosted/issues/12/comments -F body=@", _sandbox.Calls[1]);
        Assert.Equal(Comment, await File.ReadAllTextAsync(_sandbox.PathOf("sent.md")));
        Assert.Contains("posted a comment on pull request #12", result.Stdout);
    }

    [Fact]
    public async Task With_a_previous_comment_it_updates_that_one_instead_of_adding_another()
    {
        _sandbox.Env["FAKE_GH_IDS"] = "987 988";

        var result = await _sandbox.RunAsync(Script, Preview(Comment));

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal(2, _sandbox.Calls.Count);
        Assert.StartsWith("gh api --method PATCH repos/acme/selfhosted/issues/comments/987 -F body=@", _sandbox.Calls[1]);
        Assert.DoesNotContain(_sandbox.Calls, c => c.Contains("POST", StringComparison.Ordinal));
        Assert.Equal(Comment, await File.ReadAllTextAsync(_sandbox.PathOf("sent.md")));
    }

    [Fact]
    public async Task A_preview_too_long_for_a_comment_is_cut_after_the_last_whole_brick()
    {
        var sections = Enumerable.Range(0, 40).Select(i => $"\n<details>\n<summary>brick {i}</summary>\n\n```diff\n{string.Concat(Enumerable.Repeat($"+ line of brick {i}\n", 10))}```\n\n</details>\n");
        _sandbox.Env["PREVIEW_COMMENT_LIMIT"] = "3000";

        var result = await _sandbox.RunAsync(Script, Preview("<!-- infra-preview:vps -->\nsummary\n" + string.Concat(sections)));

        Assert.True(result.Succeeded, result.Stderr);
        var sent = await File.ReadAllTextAsync(_sandbox.PathOf("sent.md"));
        Assert.True(sent.Length <= 3000, $"{sent.Length} characters");
        Assert.StartsWith("<!-- infra-preview:vps -->\nsummary\n", sent);
        Assert.EndsWith("</details>\n\n> The preview is too long for a comment and was cut here; the whole of it is in the job log.\n", sent);
        Assert.Equal(sent.Split("<details>").Length, sent.Split("</details>").Length);
    }

    [Theory]
    [InlineData("no marker here\n", "12", "does not start with an infra-preview marker")]
    [InlineData("<!-- infra-preview:vps\" --> -->\n", "12", "does not start with an infra-preview marker")]
    [InlineData(Comment, "", "PR_NUMBER is not a pull request number")]
    public async Task It_refuses_without_a_marker_or_a_pull_request_and_never_calls_gh(string content, string pr, string expected)
    {
        _sandbox.Env["PR_NUMBER"] = pr;

        var result = await _sandbox.RunAsync(Script, Preview(content));

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Stderr);
        Assert.Empty(_sandbox.Calls);
    }
}
