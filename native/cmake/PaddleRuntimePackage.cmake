# paddle_stage_runtime(ROOT <package root> RID <rid> DEVICE <device> VERSION <ver>)
# Copies the shared libraries of a Paddle Inference C package (its own library, libcommon for 3.x, and the
# third_party run-time libraries) into <build>/runtimes/<rid>-<device>/runtimes/<rid>/native/ and adds the target
# paddle_runtime_package, which packs them with dotnet pack as PaddleInferenceSharp.runtime.<rid>.<device>.
function(paddle_stage_runtime)
  cmake_parse_arguments(ARG "" "ROOT;RID;DEVICE;VERSION" "" ${ARGN})
  set(_stage "${CMAKE_BINARY_DIR}/runtimes/${ARG_RID}-${ARG_DEVICE}/native")
  file(MAKE_DIRECTORY "${_stage}")
  set(_patterns
    "paddle/lib/*paddle_inference_c*.so*" "paddle/lib/*paddle_inference_c*.dylib" "paddle/lib/paddle_inference_c.dll"
    "paddle/lib/*common.so*" "paddle/lib/common.dll"
    "third_party/install/mklml/lib/*.so*" "third_party/install/mklml/lib/*.dll"
    "third_party/install/mkldnn/lib/*.so*" "third_party/install/mkldnn/lib/*.dll"
    "third_party/install/openblas/lib/*.so*" "third_party/install/openblas/lib/*.dll"
    "third_party/install/onnxruntime/lib/*.so*" "third_party/install/onnxruntime/lib/*.dll"
    "third_party/install/paddle2onnx/lib/*.so*" "third_party/install/paddle2onnx/lib/*.dll")
  foreach(_pattern IN LISTS _patterns)
    file(GLOB _files "${ARG_ROOT}/${_pattern}")
    foreach(_f IN LISTS _files)
      file(COPY "${_f}" DESTINATION "${_stage}" FOLLOW_SYMLINK_CHAIN)
    endforeach()
  endforeach()
  find_program(DOTNET dotnet)
  if(DOTNET)
    add_custom_target(paddle_runtime_package
      COMMAND "${DOTNET}" pack "${PROJECT_SOURCE_DIR}/native/packaging/PaddleInferenceSharp.runtime.csproj" -c Release
              "-p:RuntimeIdentifierName=${ARG_RID}" "-p:PaddleDevice=${ARG_DEVICE}" "-p:NativeDirectory=${_stage}"
              "-p:PaddleVersion=${ARG_VERSION}" -o "${CMAKE_BINARY_DIR}/packages"
      COMMENT "Packing PaddleInferenceSharp.runtime.${ARG_RID}.${ARG_DEVICE}"
      VERBATIM)
  endif()
endfunction()
