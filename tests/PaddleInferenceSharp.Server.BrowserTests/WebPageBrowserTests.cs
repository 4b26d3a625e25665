using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Microsoft.Playwright.NUnit;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.BrowserTests;

/// <summary>
/// The standalone server's web page (<c>GET /</c>) in headless Chromium, against the real server on 127.0.0.1 with
/// the models of scripts/setup.sh: a file chosen in the page comes back as boxes on the page, PaddleX's picture and
/// a table holding what <c>POST /ocr</c> answers for the same request; PDFs page by page; errors are shown.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class WebPageBrowserTests : PlaywrightTest
{
    private static readonly TimeSpan Recognition = TimeSpan.FromMinutes(2);

    private OcrServer _server = null!;
    private HttpClient _client = null!;
    private string _chromium = null!;
    private string _dir = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private readonly List<string> _problems = [];

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _chromium = SystemChromium.Required();
        _dir = TestPaths.NewTempDirectory("web-page");
        var pipeline = new OcrPipelineOptions
        {
            UseDocOrientationClassify = false,
            UseDocUnwarping = false,
            UseTextlineOrientation = false,
            TextDetectionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
            TextRecognitionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
            AllowModelDownload = false,
        };
        _server = OcrServer.Create(new OcrServerOptions { Host = "127.0.0.1", Port = 0, Pipeline = pipeline, Workers = 1 }, logging => logging.SetMinimumLevel(LogLevel.None));
        await _server.StartAsync();
        await _server.Ready;
        _client = new HttpClient { BaseAddress = _server.Address, Timeout = Recognition };
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_dir is not null)
        {
            Directory.Delete(_dir, true);
        }
    }

    [SetUp]
    public async Task OpenPage()
    {
        _browser = await BrowserType.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = _chromium,
            Headless = true,
            // Tests run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        _page = await context.NewPageAsync();
        _problems.Clear();
        var origin = _server.Address!.GetLeftPart(UriPartial.Authority);
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Add("console error: " + message.Text);
            }
        };
        _page.PageError += (_, error) => _problems.Add("script error: " + error);
        _page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                _problems.Add("request to another origin: " + request.Url);
            }
        };
        await _page.GotoAsync(_server.Address.ToString());
    }

    [TearDown]
    public async Task ClosePage()
    {
        await _browser.CloseAsync();
        // Errors the page logged (a CSP violation, a script error) and requests elsewhere fail the test.
        Assert.That(_problems, Is.Empty);
    }

    private static string Dev(string name) => Path.Combine(TestPaths.RequiredShared("eval", "dev"), name);

    [Test]
    public async Task Uploaded_image_shows_its_boxes_and_the_texts_the_api_answers()
    {
        var image = Dev("syn_001.png");
        var request = await _page.RunAndWaitForRequestAsync(() => _page.SetInputFilesAsync("#file", image), IsOcrPost);
        await WaitForResultAsync();

        var sent = JsonNode.Parse(request.PostData!)!.AsObject();
        Assert.That(sent.Select(p => p.Key), Is.EquivalentTo(new[] { "file", "fileType" }), "the empty form sends no parameter");
        Assert.That((string)sent["file"]!, Is.EqualTo(Convert.ToBase64String(await File.ReadAllBytesAsync(image))));
        Assert.That((int)sent["fileType"]!, Is.EqualTo(1));

        var answer = await PostAsync(request.PostData!);
        var pruned = answer["result"]!["ocrResults"]![0]!["prunedResult"]!;
        var texts = Strings(pruned["rec_texts"]!);
        Assert.That(texts, Has.Length.GreaterThan(3), "the dev image has several lines");
        Assert.That(await _page.Locator("#texts td.text").AllTextContentsAsync(), Is.EqualTo(texts));
        var scores = pruned["rec_scores"]!.AsArray().Select(s => ((double)s!).ToString("F4", CultureInfo.InvariantCulture)).ToArray();
        Assert.That(await _page.Locator("#texts tbody td.num:last-child").AllTextContentsAsync(), Is.EqualTo(scores));

        var canvas = await CanvasAsync();
        Assert.Multiple(() =>
        {
            Assert.That(canvas.Boxes, Is.EqualTo(texts.Length), "one box per text");
            Assert.That(canvas.Width, Is.EqualTo((int)answer["result"]!["dataInfo"]!["width"]!), "the canvas is the page at its size");
            Assert.That(canvas.BoxPixels, Is.GreaterThan(100), "the boxes are drawn in their colour");
        });
        Assert.That(await _page.Locator("#pager").IsHiddenAsync(), Is.True, "an image has no pages to turn");

        await _page.GetByLabel("PaddleX's picture (ocrImage)").CheckAsync();
        var picture = _page.Locator("#ocr-image");
        await Expect(picture).ToBeVisibleAsync();
        var size = await picture.EvaluateAsync<int[]>("img => [img.naturalWidth, img.naturalHeight]");
        Assert.That(size[0], Is.GreaterThan(0), "ocrImage is decoded");
        Assert.That(size[1], Is.GreaterThan(0));

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.GetByText("Download JSON").ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("syn_001_ocr.json"));
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(await download.PathAsync()))!;
        Assert.That(Strings(saved["result"]!["ocrResults"]![0]!["prunedResult"]!["rec_texts"]!), Is.EqualTo(texts));
    }

    [Test]
    public async Task Pdf_pages_are_turned_with_their_own_texts()
    {
        var pdf = Path.Combine(_dir, "two-pages.pdf");
        new TestPdf().AddTextPage(400, 120, ["Hello from page one"], fontSize: 20).AddTextPage(400, 120, ["Goodbye on page two", "and a second line"], fontSize: 20).Save(pdf);
        await _page.GetByLabel("visualize", new() { Exact = true }).SelectOptionAsync("false");
        await _page.GetByLabel("textDetBoxThresh", new() { Exact = true }).FillAsync("0.5");
        var request = await _page.RunAndWaitForRequestAsync(() => _page.SetInputFilesAsync("#file", pdf), IsOcrPost);
        await WaitForResultAsync();

        var sent = JsonNode.Parse(request.PostData!)!.AsObject();
        Assert.That((int)sent["fileType"]!, Is.EqualTo(0));
        Assert.That((bool)sent["visualize"]!, Is.False);
        Assert.That((double)sent["textDetBoxThresh"]!, Is.EqualTo(0.5));
        var answer = await PostAsync(request.PostData!);
        var pages = answer["result"]!["ocrResults"]!.AsArray();
        Assert.That(pages, Has.Count.EqualTo(2));
        var first = Strings(pages[0]!["prunedResult"]!["rec_texts"]!);
        var second = Strings(pages[1]!["prunedResult"]!["rec_texts"]!);
        Assert.That(string.Concat(second).Replace(" ", string.Empty, StringComparison.Ordinal), Does.Contain("Goodbyeonpagetwo"));

        await Expect(_page.Locator("#page-label")).ToHaveTextAsync("Page 1 of 2");
        Assert.That(await _page.Locator("#prev-page").IsDisabledAsync(), Is.True);
        Assert.That(await _page.Locator("#texts td.text").AllTextContentsAsync(), Is.EqualTo(first));
        Assert.That((await CanvasAsync()).Boxes, Is.EqualTo(first.Length));

        await _page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(_page.Locator("#page-label")).ToHaveTextAsync("Page 2 of 2");
        Assert.That(await _page.Locator("#texts td.text").AllTextContentsAsync(), Is.EqualTo(second));
        var canvas = await CanvasAsync();
        Assert.That(canvas.Boxes, Is.EqualTo(second.Length));
        Assert.That(canvas.BoxPixels, Is.GreaterThan(100), "boxes are drawn on white without the page image");
        Assert.That(await _page.Locator("#next-page").IsDisabledAsync(), Is.True);
        Assert.That(await _page.GetByLabel("PaddleX's picture (ocrImage)").IsDisabledAsync(), Is.True, "visualize was off: no ocrImage");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Expect(_page.Locator("#page-label")).ToHaveTextAsync("Page 1 of 2");
        Assert.That(await _page.Locator("#texts td.text").AllTextContentsAsync(), Is.EqualTo(first));
    }

    [Test]
    public async Task Server_error_is_shown_with_its_message()
    {
        var bad = Path.Combine(_dir, "not-an-image.png");
        await File.WriteAllTextAsync(bad, "this is not a PNG file");
        await _page.SetInputFilesAsync("#file", bad);

        var error = _page.GetByRole(AriaRole.Alert);
        await Expect(error).ToBeVisibleAsync(new() { Timeout = (float)Recognition.TotalMilliseconds });
        await Expect(error).ToContainTextAsync("HTTP 422");
        Assert.That(await _page.Locator("#result-body").IsHiddenAsync(), Is.True);
        Assert.That(await _page.Locator("#results").GetAttributeAsync("data-state"), Is.EqualTo("error"));
        // The browser logs the failed fetch's status; that is the page working, not a problem.
        _problems.RemoveAll(p => p.Contains("422", StringComparison.Ordinal));
    }

    private static bool IsOcrPost(IRequest request) => request.Method == "POST" && new Uri(request.Url).AbsolutePath == "/ocr";

    private Task WaitForResultAsync() =>
        _page.Locator("#results[data-state='ready']").WaitForAsync(new() { Timeout = (float)Recognition.TotalMilliseconds });

    private async Task<JsonObject> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/ocr", content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), answer.ToJsonString());
        return answer;
    }

    private static string[] Strings(JsonNode array) => array.AsArray().Select(t => (string)t!).ToArray();

    // The canvas's size, its box count and how many of its pixels have the first box's colour.
    private async Task<(int Width, int Height, int Boxes, int BoxPixels)> CanvasAsync()
    {
        var values = await _page.Locator("#boxes").EvaluateAsync<int[]>(
            """
            canvas => {
              const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let count = 0;
              for (let i = 0; i < data.length; i += 4) {
                if (data[i] === 0xe6 && data[i + 1] === 0x19 && data[i + 2] === 0x4b) count++;
              }
              return [canvas.width, canvas.height, Number(canvas.dataset.boxes), count];
            }
            """);
        return (values[0], values[1], values[2], values[3]);
    }
}
