# PaddleX 3.0.0b1's Python example for the OCR service (docs/pipeline_usage/tutorials/ocr_pipelines/OCR_en.md,
# "Multi-Language Service Invocation Examples"; the same in 3.0.0b2's OCR.en.md), with `requests` replaced by the
# standard library. The logic is unchanged: send the image as Base64 in `image`, assert HTTP 200, save
# result["image"] and print result["texts"]. The service URL, the image and the output folder are taken from the
# command line (defaults as in the example).
import base64
import json
import sys
import urllib.request

API_URL = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080/ocr"
image_path = sys.argv[2] if len(sys.argv) > 2 else "./demo.jpg"
output_image_path = (sys.argv[3] if len(sys.argv) > 3 else ".") + "/out.jpg"

with open(image_path, "rb") as file:
    image_bytes = file.read()
    image_data = base64.b64encode(image_bytes).decode("ascii")

payload = {"image": image_data}

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
with open(output_image_path, "wb") as file:
    file.write(base64.b64decode(result["image"]))
print(f"Output image saved at {output_image_path}")
print("\nDetected texts:")
print(result["texts"])
