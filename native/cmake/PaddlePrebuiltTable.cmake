# Official prebuilt Paddle Inference C packages (paddle_inference_c.tgz/zip). The newest official C packages are
# 2.6.x; 3.0.0 publishes only C++ packages (build the 3.x C library with PADDLE_BUILD_FROM_SOURCE).
# URLs from Paddle's download page (paddle-inference.readthedocs.io, "download C inference library"). Baidu publishes no checksums: sums marked UNKNOWN are
# not pinned yet. Download once with -DPADDLE_ALLOW_UNVERIFIED_DOWNLOAD=ON, check the package, and pin the printed sum here.
#
# Each entry: key  rid  device  version  sha256  url
set(_base "https://paddle-inference-lib.bj.bcebos.com")
set(PADDLE_PREBUILT_TABLE
  "linux-x64-mkl|linux-x64|mkl|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Linux/CPU/gcc8.2_avx_mkl/paddle_inference_c.tgz"
  "linux-x64-openblas|linux-x64|openblas|2.6.1|UNKNOWN|${_base}/2.6.1/cxx_c/Linux/CPU/gcc8.2_avx_openblas/paddle_inference_c.tgz"
  "linux-x64-cu112|linux-x64|cu112|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Linux/GPU/x86-64_gcc8.2_avx_mkl_cuda11.2_cudnn8.2.1_trt8.0.3.4/paddle_inference_c.tgz"
  "linux-x64-cu116|linux-x64|cu116|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Linux/GPU/x86-64_gcc8.2_avx_mkl_cuda11.6_cudnn8.4.0-trt8.4.0.6/paddle_inference_c.tgz"
  "linux-x64-cu117|linux-x64|cu117|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Linux/GPU/x86-64_gcc8.2_avx_mkl_cuda11.7_cudnn8.4.1-trt8.4.2.4/paddle_inference_c.tgz"
  "linux-x64-cu118|linux-x64|cu118|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Linux/GPU/x86-64_gcc8.2_avx_mkl_cuda11.8_cudnn8.6.0-trt8.5.1.7/paddle_inference_c.tgz"
  "linux-x64-cu120|linux-x64|cu120|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Linux/GPU/x86-64_gcc12.2_avx_mkl_cuda12.0_cudnn8.9.1-trt8.6.1.6/paddle_inference_c.tgz"
  "win-x64-mkl|win-x64|mkl|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Windows/CPU/x86-64_avx-mkl-vs2019/paddle_inference_c.zip"
  "win-x64-openblas|win-x64|openblas|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Windows/CPU/x86-64_avx-openblas-vs2019/paddle_inference_c.zip"
  "win-x64-cu112|win-x64|cu112|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Windows/GPU/x86-64_cuda11.2_cudnn8.2.1_trt8.0.1.6_mkl_avx_vs2019/paddle_inference_c.zip"
  "win-x64-cu116|win-x64|cu116|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Windows/GPU/x86-64_cuda11.6_cudnn8.4.0_trt8.4.1.5_mkl_avx_vs2019/paddle_inference_c.zip"
  "win-x64-cu117|win-x64|cu117|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Windows/GPU/x86-64_cuda11.7_cudnn8.4.1_trt8.4.2.4_mkl_avx_vs2019/paddle_inference_c.zip"
  "win-x64-cu118|win-x64|cu118|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Windows/GPU/x86-64_cuda11.8_cudnn8.6.0_trt8.5.1.7_mkl_avx_vs2019/paddle_inference_c.zip"
  "win-x64-cu120|win-x64|cu120|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/Windows/GPU/x86-64_cuda12.0_cudnn8.9.1_trt8.6.1.6_mkl_avx_vs2019/paddle_inference_c.zip"
  "osx-x64-openblas|osx-x64|openblas|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/MacOS/x86-64_clang_avx_openblas/paddle_inference_c.tgz"
  "osx-arm64-openblas|osx-arm64|openblas|2.6.2|UNKNOWN|${_base}/2.6.2/cxx_c/MacOS/m1_clang_noavx_openblas/paddle_inference_c.tgz"
)
