using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Models.Tests;

/// <summary>The Paddle-format models of ../shared/models, by folder name.</summary>
internal static class SharedModels
{
    public static readonly string[] Classic =
    [
        "PP-OCRv3_mobile_det", "PP-OCRv4_mobile_det", "PP-OCRv4_mobile_rec", "en_number_mobile_v2.0_rec",
        "french_mobile_v2.0_rec", "german_mobile_v2.0_rec", "ch_ppocr_mobile_v2.0_cls",
    ];

    public static readonly string[] Pir =
    [
        "PP-LCNet_x0_25_textline_ori", "PP-LCNet_x1_0_doc_ori_topology", "UVDoc_topology", "PP-OCRv5_mobile_det_topology",
        "PP-OCRv5_mobile_det_topology_v4_weights", "PP-OCRv5_mobile_rec_topology", "PP-OCRv5_server_det_topology",
        "PP-OCRv5_server_rec_topology",
    ];

    public static string Dir(string name)
    {
        var dir = Path.Combine(TestPaths.SharedModels, name);
        if (!Directory.Exists(dir))
        {
            TestPaths.MissingPrerequisite($"{dir} is not present (../shared/models is not beside this checkout).");
        }

        return dir;
    }
}
