/*
 * PaddleInferenceSharp's own declarations of the Paddle Inference C API ("capi_exp", 3.x state).
 *
 * Written by this project from the facts of Paddle's paddle/fluid/inference/capi_exp headers (pd_common.h,
 * pd_types.h, pd_config.h, pd_predictor.h, pd_tensor.h, pd_utils.h: names, parameter types, enum values,
 * struct layouts); it is not a copy of Paddle's headers. Two consumers:
 *   - native/abi-test: the ABI test double implements exactly these declarations;
 *   - tools/PaddleInferenceSharp.BindingsGenerator: reads clang's JSON AST of this file and emits the C# bindings.
 * Ownership notes use the words of the original annotations: give = caller owns the result, keep = borrowed.
 */
#ifndef PADDLEINFERENCESHARP_PADDLE_INFERENCE_C_DECLARATIONS_H
#define PADDLEINFERENCESHARP_PADDLE_INFERENCE_C_DECLARATIONS_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(PD_INFER_DECL_EXPORTS)
#    define PD_API __declspec(dllexport)
#  else
#    define PD_API __declspec(dllimport)
#  endif
#else
#  define PD_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Basic types: a one-byte boolean and enums carried as int32. */
typedef int8_t PD_Bool;
typedef int32_t PD_PrecisionType;
typedef int32_t PD_PlaceType;
typedef int32_t PD_DataType;

enum PD_PrecisionTypeValues { PD_PRECISION_FLOAT32 = 0, PD_PRECISION_INT8 = 1, PD_PRECISION_HALF = 2 };
enum PD_PlaceTypeValues { PD_PLACE_UNK = -1, PD_PLACE_CPU = 0, PD_PLACE_GPU = 1, PD_PLACE_XPU = 2, PD_PLACE_CUSTOM = 3 };
enum PD_DataTypeValues {
  PD_DATA_UNK = -1, PD_DATA_FLOAT32 = 0, PD_DATA_INT32 = 1, PD_DATA_INT64 = 2, PD_DATA_UINT8 = 3, PD_DATA_INT8 = 4
};

/* Opaque objects. */
typedef struct PD_Config PD_Config;
typedef struct PD_Predictor PD_Predictor;
typedef struct PD_Tensor PD_Tensor;

/* Arrays and strings returned by the library; each has its own destroy function. */
typedef struct PD_OneDimArrayInt32 { size_t size; int32_t* data; } PD_OneDimArrayInt32;
typedef struct PD_OneDimArraySize { size_t size; size_t* data; } PD_OneDimArraySize;
typedef struct PD_OneDimArrayInt64 { size_t size; int64_t* data; } PD_OneDimArrayInt64;
typedef struct PD_OneDimArrayCstr { size_t size; char** data; } PD_OneDimArrayCstr;
typedef struct PD_Cstr { size_t size; char* data; } PD_Cstr;
typedef struct PD_TwoDimArraySize { size_t size; PD_OneDimArraySize** data; } PD_TwoDimArraySize;
typedef struct PD_IOInfo { PD_Cstr* name; PD_OneDimArrayInt64* shape; PD_DataType dtype; } PD_IOInfo;
typedef struct PD_IOInfos { size_t size; PD_IOInfo** io_info; } PD_IOInfos;

/* ---- Config ------------------------------------------------------------------------------------------------ */
PD_API PD_Config* PD_ConfigCreate(void);
PD_API void PD_ConfigDestroy(PD_Config* pd_config);
PD_API void PD_ConfigSetModel(PD_Config* pd_config, const char* prog_file_path, const char* params_file_path);
PD_API void PD_ConfigSetProgFile(PD_Config* pd_config, const char* prog_file_path);
PD_API void PD_ConfigSetParamsFile(PD_Config* pd_config, const char* params_file_path);
PD_API void PD_ConfigSetOptimCacheDir(PD_Config* pd_config, const char* opt_cache_dir);
PD_API void PD_ConfigSetModelDir(PD_Config* pd_config, const char* model_dir);
PD_API const char* PD_ConfigGetModelDir(PD_Config* pd_config);
PD_API const char* PD_ConfigGetProgFile(PD_Config* pd_config);
PD_API const char* PD_ConfigGetParamsFile(PD_Config* pd_config);
PD_API void PD_ConfigSetModelBuffer(PD_Config* pd_config, const char* prog_buffer, size_t prog_buffer_size,
                                    const char* params_buffer, size_t params_buffer_size);
PD_API PD_Bool PD_ConfigModelFromMemory(PD_Config* pd_config);

PD_API void PD_ConfigEnableUseGpu(PD_Config* pd_config, uint64_t memory_pool_init_size_mb, int32_t device_id,
                                  PD_PrecisionType precision_mode);
PD_API void PD_ConfigDisableGpu(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigUseGpu(PD_Config* pd_config);
PD_API int32_t PD_ConfigGpuDeviceId(PD_Config* pd_config);
PD_API int32_t PD_ConfigMemoryPoolInitSizeMb(PD_Config* pd_config);
PD_API float PD_ConfigFractionOfGpuMemoryForPool(PD_Config* pd_config);
PD_API void PD_ConfigEnableCudnn(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigCudnnEnabled(PD_Config* pd_config);
PD_API void PD_ConfigEnableXpu(PD_Config* pd_config, int32_t l3_size, PD_Bool l3_locked, PD_Bool conv_autotune,
                               const char* conv_autotune_file, const char* transformer_encoder_precision,
                               PD_Bool transformer_encoder_adaptive_seqlen, PD_Bool enable_multi_stream);
PD_API PD_Bool PD_ConfigUseXpu(PD_Config* pd_config);
PD_API int32_t PD_ConfigXpuDeviceId(PD_Config* pd_config);
PD_API void PD_ConfigEnableCustomDevice(PD_Config* pd_config, char* device_type, int32_t device_id,
                                        PD_PrecisionType precision);
PD_API PD_Bool PD_ConfigUseCustomDevice(PD_Config* pd_config);
PD_API int32_t PD_ConfigCustomDeviceId(PD_Config* pd_config);
PD_API char* PD_ConfigCustomDeviceType(PD_Config* pd_config); /* give: malloc'ed, release with C free() */
PD_API void PD_ConfigEnableONNXRuntime(PD_Config* pd_config);
PD_API void PD_ConfigDisableONNXRuntime(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigONNXRuntimeEnabled(PD_Config* pd_config);
PD_API void PD_ConfigEnableORTOptimization(PD_Config* pd_config);

PD_API void PD_ConfigSwitchIrOptim(PD_Config* pd_config, PD_Bool x);
PD_API PD_Bool PD_ConfigIrOptim(PD_Config* pd_config);
PD_API void PD_ConfigSwitchIrDebug(PD_Config* pd_config, PD_Bool x);
PD_API void PD_ConfigEnableMemoryOptim(PD_Config* pd_config, PD_Bool x);
PD_API PD_Bool PD_ConfigMemoryOptimEnabled(PD_Config* pd_config);
PD_API void PD_ConfigDisableFCPadding(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigUseFcPadding(PD_Config* pd_config);
PD_API void PD_ConfigDeletePass(PD_Config* pd_config, const char* pass);
PD_API void PD_ConfigInsertPass(PD_Config* pd_config, size_t idx, const char* pass);
PD_API void PD_ConfigAppendPass(PD_Config* pd_config, const char* pass);
PD_API PD_OneDimArrayCstr* PD_ConfigAllPasses(PD_Config* pd_config); /* give */
PD_API void PD_ConfigEnableProfile(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigProfileEnabled(PD_Config* pd_config);
PD_API void PD_ConfigDisableGlogInfo(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigGlogInfoDisabled(PD_Config* pd_config);
PD_API void PD_ConfigSetInvalid(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigIsValid(PD_Config* pd_config);
PD_API PD_Cstr* PD_ConfigSummary(PD_Config* pd_config); /* give */

PD_API void PD_ConfigEnableMKLDNN(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigMkldnnEnabled(PD_Config* pd_config);
PD_API void PD_ConfigSetMkldnnCacheCapacity(PD_Config* pd_config, int32_t capacity);
PD_API void PD_ConfigSetCpuMathLibraryNumThreads(PD_Config* pd_config, int32_t cpu_math_library_num_threads);
PD_API int32_t PD_ConfigGetCpuMathLibraryNumThreads(PD_Config* pd_config);
PD_API void PD_ConfigSetMkldnnOp(PD_Config* pd_config, size_t ops_num, const char** op_list);
PD_API void PD_ConfigEnableMkldnnBfloat16(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigMkldnnBfloat16Enabled(PD_Config* pd_config);
PD_API void PD_ConfigSetBfloat16Op(PD_Config* pd_config, size_t ops_num, const char** op_list);
PD_API void PD_ConfigEnableMkldnnInt8(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigMkldnnInt8Enabled(PD_Config* pd_config);

PD_API void PD_ConfigEnableGpuMultiStream(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigThreadLocalStreamEnabled(PD_Config* pd_config);
PD_API void PD_ConfigSetExecStream(PD_Config* pd_config, void* stream);

PD_API void PD_ConfigEnableTensorRtEngine(PD_Config* pd_config, int64_t workspace_size, int32_t max_batch_size,
                                          int32_t min_subgraph_size, PD_PrecisionType precision, PD_Bool use_static,
                                          PD_Bool use_calib_mode);
PD_API PD_Bool PD_ConfigTensorRtEngineEnabled(PD_Config* pd_config);
PD_API void PD_ConfigSetTrtDynamicShapeInfo(PD_Config* pd_config, size_t tensor_num, const char** tensor_name,
                                            size_t* shapes_num, int32_t** min_shape, int32_t** max_shape,
                                            int32_t** optim_shape, PD_Bool disable_trt_plugin_fp16);
PD_API PD_Bool PD_ConfigTensorRtDynamicShapeEnabled(PD_Config* pd_config);
PD_API void PD_ConfigEnableTunedTensorRtDynamicShape(PD_Config* pd_config, const char* shape_range_info_path,
                                                     PD_Bool allow_build_at_runtime);
PD_API PD_Bool PD_ConfigTunedTensorRtDynamicShape(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigTrtAllowBuildAtRuntime(PD_Config* pd_config);
PD_API void PD_ConfigCollectShapeRangeInfo(PD_Config* pd_config, const char* shape_range_info_path);
PD_API PD_Bool PD_ConfigShapeRangeInfoCollected(PD_Config* pd_config);
PD_API const char* PD_ConfigShapeRangeInfoPath(PD_Config* pd_config); /* give: malloc'ed, release with C free() */
PD_API void PD_ConfigDisableTensorRtOPs(PD_Config* pd_config, size_t ops_num, const char** ops_name);
/* 2.x: TensorRT OSS plugins; 3.x renamed it PD_ConfigEnableVarseqlen and kept the getter PD_ConfigTensorRtOssEnabled */
PD_API void PD_ConfigEnableTensorRtOSS(PD_Config* pd_config);
PD_API void PD_ConfigEnableVarseqlen(PD_Config* pd_config);
PD_API PD_Bool PD_ConfigTensorRtOssEnabled(PD_Config* pd_config);
PD_API void PD_ConfigEnableTensorRtDla(PD_Config* pd_config, int32_t dla_core);
PD_API PD_Bool PD_ConfigTensorRtDlaEnabled(PD_Config* pd_config);

/* ---- Predictor --------------------------------------------------------------------------------------------- */
PD_API PD_Predictor* PD_PredictorCreate(PD_Config* pd_config); /* give; >= 2.5 the config stays the caller's */
PD_API PD_Predictor* PD_PredictorClone(PD_Predictor* pd_predictor); /* give */
PD_API PD_OneDimArrayCstr* PD_PredictorGetInputNames(PD_Predictor* pd_predictor); /* give */
PD_API PD_OneDimArrayCstr* PD_PredictorGetOutputNames(PD_Predictor* pd_predictor); /* give */
PD_API PD_IOInfos* PD_PredictorGetInputInfos(PD_Predictor* pd_predictor); /* give */
PD_API PD_IOInfos* PD_PredictorGetOutputInfos(PD_Predictor* pd_predictor); /* give */
PD_API size_t PD_PredictorGetInputNum(PD_Predictor* pd_predictor);
PD_API size_t PD_PredictorGetOutputNum(PD_Predictor* pd_predictor);
PD_API PD_Tensor* PD_PredictorGetInputHandle(PD_Predictor* pd_predictor, const char* name); /* give */
PD_API PD_Tensor* PD_PredictorGetOutputHandle(PD_Predictor* pd_predictor, const char* name); /* give */
PD_API PD_Bool PD_PredictorRun(PD_Predictor* pd_predictor);
PD_API void PD_PredictorClearIntermediateTensor(PD_Predictor* pd_predictor);
PD_API uint64_t PD_PredictorTryShrinkMemory(PD_Predictor* pd_predictor);
PD_API void PD_PredictorDestroy(PD_Predictor* pd_predictor);
PD_API const char* PD_GetVersion(void); /* keep: static text, first line "version: X.Y.Z" */

/* ---- Tensor ------------------------------------------------------------------------------------------------ */
PD_API void PD_TensorDestroy(PD_Tensor* pd_tensor);
PD_API void PD_TensorReshape(PD_Tensor* pd_tensor, size_t shape_size, int32_t* shape);
PD_API float* PD_TensorMutableDataFloat(PD_Tensor* pd_tensor, PD_PlaceType place);
PD_API int64_t* PD_TensorMutableDataInt64(PD_Tensor* pd_tensor, PD_PlaceType place);
PD_API int32_t* PD_TensorMutableDataInt32(PD_Tensor* pd_tensor, PD_PlaceType place);
PD_API uint8_t* PD_TensorMutableDataUint8(PD_Tensor* pd_tensor, PD_PlaceType place);
PD_API int8_t* PD_TensorMutableDataInt8(PD_Tensor* pd_tensor, PD_PlaceType place);
PD_API float* PD_TensorDataFloat(PD_Tensor* pd_tensor, PD_PlaceType* place, int32_t* size);
PD_API int64_t* PD_TensorDataInt64(PD_Tensor* pd_tensor, PD_PlaceType* place, int32_t* size);
PD_API int32_t* PD_TensorDataInt32(PD_Tensor* pd_tensor, PD_PlaceType* place, int32_t* size);
PD_API uint8_t* PD_TensorDataUint8(PD_Tensor* pd_tensor, PD_PlaceType* place, int32_t* size);
PD_API int8_t* PD_TensorDataInt8(PD_Tensor* pd_tensor, PD_PlaceType* place, int32_t* size);
PD_API void PD_TensorCopyFromCpuFloat(PD_Tensor* pd_tensor, const float* data);
PD_API void PD_TensorCopyFromCpuInt64(PD_Tensor* pd_tensor, const int64_t* data);
PD_API void PD_TensorCopyFromCpuInt32(PD_Tensor* pd_tensor, const int32_t* data);
PD_API void PD_TensorCopyFromCpuUint8(PD_Tensor* pd_tensor, const uint8_t* data);
PD_API void PD_TensorCopyFromCpuInt8(PD_Tensor* pd_tensor, const int8_t* data);
PD_API void PD_TensorCopyToCpuFloat(PD_Tensor* pd_tensor, float* data);
PD_API void PD_TensorCopyToCpuInt64(PD_Tensor* pd_tensor, int64_t* data);
PD_API void PD_TensorCopyToCpuInt32(PD_Tensor* pd_tensor, int32_t* data);
PD_API void PD_TensorCopyToCpuUint8(PD_Tensor* pd_tensor, uint8_t* data);
PD_API void PD_TensorCopyToCpuInt8(PD_Tensor* pd_tensor, int8_t* data);
PD_API PD_OneDimArrayInt32* PD_TensorGetShape(PD_Tensor* pd_tensor); /* give */
PD_API void PD_TensorSetLod(PD_Tensor* pd_tensor, PD_TwoDimArraySize* lod); /* keep: copied */
PD_API PD_TwoDimArraySize* PD_TensorGetLod(PD_Tensor* pd_tensor); /* give */
PD_API const char* PD_TensorGetName(PD_Tensor* pd_tensor); /* keep */
PD_API PD_DataType PD_TensorGetDataType(PD_Tensor* pd_tensor);

/* ---- Destroy functions for returned arrays and strings (all accept NULL) ------------------------------------ */
PD_API void PD_OneDimArrayInt32Destroy(PD_OneDimArrayInt32* array);
PD_API void PD_OneDimArrayInt64Destroy(PD_OneDimArrayInt64* array);
PD_API void PD_OneDimArraySizeDestroy(PD_OneDimArraySize* array);
PD_API void PD_OneDimArrayCstrDestroy(PD_OneDimArrayCstr* array);
PD_API void PD_TwoDimArraySizeDestroy(PD_TwoDimArraySize* array);
PD_API void PD_CstrDestroy(PD_Cstr* cstr);
PD_API void PD_IOInfoDestroy(PD_IOInfo* io_info);
PD_API void PD_IOInfosDestroy(PD_IOInfos* io_infos);

#ifdef __cplusplus
}
#endif

#endif
