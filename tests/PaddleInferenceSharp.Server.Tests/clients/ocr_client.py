# PaddleX's Python example for the OCR service (docs: pipeline_usage/tutorials/ocr_pipelines/OCR.md, "Multi-language
# service call examples"), with `requests` replaced by the standard library. The logic is unchanged: send the file as
# Base64 with fileType 1, assert HTTP 200, print each prunedResult and save each ocrImage. The service URL and the
# file are taken from the command line (defaults as in the example), and the detected texts are printed at the end.
import base64
import json
import sys
import urllib.request

API_URL = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080/ocr"
file_path = sys.argv[2] if len(sys.argv) > 2 else "./demo.jpg"
output_dir = sys.argv[3] if len(sys.argv) > 3 else "."

with open(file_path, "rb") as file:
    file_bytes = file.read()
    file_data = base64.b64encode(file_bytes).decode("ascii")

payload = {"file": file_data, "fileType": 1}

request = urllib.request.Request(
    API_URL,
    data=json.dumps(payload).encode("utf-8"),
    headers={"Content-Type": "application/json"},
    method="POST",
)
with urllib.request.urlopen(request) as response:
    status_code = response.status
    body = json.loads(response.read().decode("utf-8"))

assert status_code == 200
result = body["result"]
for i, res in enumerate(result["ocrResults"]):
    print(res["prunedResult"])
    ocr_img_path = f"{output_dir}/ocr_{i}.jpg"
    with open(ocr_img_path, "wb") as f:
        f.write(base64.b64decode(res["ocrImage"]))
    print(f"Output image saved at {ocr_img_path}")
    print("\nDetected texts:")
    for text in res["prunedResult"]["rec_texts"]:
        print(text)
