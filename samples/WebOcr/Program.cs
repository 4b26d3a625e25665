// An ASP.NET Core app with OCR: PaddleX's POST /ocr, an upload endpoint of its own and a health check.
//   dotnet run --urls http://127.0.0.1:5000
using PaddleInferenceSharp.Extensions.Hosting;
using PaddleInferenceSharp.Server;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPaddleOcr(builder.Configuration.GetSection("PaddleOcr"));
builder.Services.AddHealthChecks().AddPaddleOcr();

var app = builder.Build();
app.MapPaddleXOcr("/ocr", new PaddleXOcrEndpointOptions { Visualize = false });
app.MapHealthChecks("/healthz");

// Upload an image as the request body; get its lines back.
app.MapPost("/read", async (HttpRequest request, IOcrService ocr, CancellationToken cancellationToken) =>
{
    var result = await ocr.PredictAsync(request.Body, "upload", cancellationToken: cancellationToken);
    return Results.Ok(result.Lines.Select(line => new { line.Text, line.Score }));
});

app.Run();
