# Builds the Paddle Inference 3.x C library (paddle_inference_c, PIR-capable) from Paddle's source release.
# Not run in CI. Prerequisites (Linux x64): gcc/g++ 8.2-12, cmake >= 3.18, python3 with numpy/protobuf/wheel
# (Paddle's build scripts), git, patchelf, ~40 GB disk, 16+ GB RAM; GPU builds also need CUDA, cuDNN and TensorRT.
# Time: about 1.5-3 hours on 16 cores for a CPU build, longer for GPU (the whole inference engine is compiled).
# The result is build/.../paddle_inference_c_install_dir; libcommon.so is copied from paddle_inference_install_dir
# because Paddle's CMake leaves it out of the C install dir (cmake/inference_lib.cmake copies it into paddle_inference_install_dir only).
include(ExternalProject)
set(PADDLE_SOURCE_VERSION "3.0.0" CACHE STRING "Paddle release tag to build (v<version>)")
set(PADDLE_SOURCE_DEVICE "mkl" CACHE STRING "mkl, openblas or cuXYZ (GPU)")
set(PADDLE_SOURCE_EXTRA_ARGS "" CACHE STRING "Extra CMake arguments for Paddle, e.g. -DCUDA_ARCH_NAME=Auto")
set(PADDLE_SOURCE_JOBS 8 CACHE STRING "Parallel build jobs")

set(_args -DON_INFER=ON -DWITH_PYTHON=OFF -DWITH_TESTING=OFF -DCMAKE_BUILD_TYPE=Release -DWITH_ONNXRUNTIME=OFF)
if(PADDLE_SOURCE_DEVICE STREQUAL "mkl")
  list(APPEND _args -DWITH_MKL=ON -DWITH_GPU=OFF)
elseif(PADDLE_SOURCE_DEVICE STREQUAL "openblas")
  list(APPEND _args -DWITH_MKL=OFF -DWITH_GPU=OFF)
else()
  list(APPEND _args -DWITH_MKL=ON -DWITH_GPU=ON -DWITH_TENSORRT=ON)
endif()
separate_arguments(_extra UNIX_COMMAND "${PADDLE_SOURCE_EXTRA_ARGS}")

ExternalProject_Add(paddle_from_source
  GIT_REPOSITORY https://github.com/PaddlePaddle/Paddle.git
  GIT_TAG v${PADDLE_SOURCE_VERSION}
  GIT_SHALLOW ON
  CMAKE_ARGS ${_args} ${_extra}
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> -j ${PADDLE_SOURCE_JOBS}
  INSTALL_COMMAND ${CMAKE_COMMAND} -E copy_if_different
                  <BINARY_DIR>/paddle_inference_install_dir/paddle/lib/libcommon.so
                  <BINARY_DIR>/paddle_inference_c_install_dir/paddle/lib/
  USES_TERMINAL_BUILD ON)
ExternalProject_Get_Property(paddle_from_source BINARY_DIR)
message(STATUS "Paddle ${PADDLE_SOURCE_VERSION} C library will be in ${BINARY_DIR}/paddle_inference_c_install_dir "
               "(build target paddle_from_source, then re-run CMake with PADDLE_FETCH_PREBUILT unset to stage it via "
               "paddle_stage_runtime or set PADDLE_INFERENCE_ROOT to that folder)")
