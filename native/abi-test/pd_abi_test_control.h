/*
 * Control interface of the Paddle Inference ABI TEST DOUBLE (libpaddle_inference_c_abi_test).
 *
 * The test double is NOT Paddle Inference: it implements the declarations of
 * native/include/paddle_inference_c_declarations.h with a tiny deterministic fake model so that the C# bindings can
 * be tested for marshalling and ownership without the real library. It is never packed or shipped.
 *
 * Fake model (every predictor): input  "x"     float32 [-1, 3, -1, -1]
 *                                output "y"     float32, same shape as x, y = 2 * x + 1
 *                                output "count" int64 [1], the element count of x
 */
#ifndef PADDLEINFERENCESHARP_PD_ABI_TEST_CONTROL_H
#define PADDLEINFERENCESHARP_PD_ABI_TEST_CONTROL_H

#include <stdint.h>
#include "paddle_inference_c_declarations.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Object kinds counted: "PD_Config", "PD_Predictor", "PD_Tensor", "PD_OneDimArrayInt32", "PD_OneDimArrayInt64",
 * "PD_OneDimArraySize", "PD_OneDimArrayCstr", "PD_TwoDimArraySize", "PD_Cstr", "PD_IOInfo", "PD_IOInfos",
 * "malloc" (strings the caller must free() itself). */
PD_API int64_t PDTest_Created(const char* kind);
PD_API int64_t PDTest_Destroyed(const char* kind);
/* Destroy calls on pointers that are not live objects of that kind (double destroy, wrong destroy function). */
PD_API int64_t PDTest_Misuse(void);
/* The text of the last misuse, for test messages ("" when none). */
PD_API const char* PDTest_LastMisuse(void);
/* How often an exported PD_* function was called since the last reset. */
PD_API int64_t PDTest_CallCount(const char* function_name);
/* Resets call counts, object counters and the misuse record (live objects stay tracked). */
PD_API void PDTest_Reset(void);
/* The next call of function_name fails: pointer results are NULL, PD_PredictorRun returns 0. */
PD_API void PDTest_FailNext(const char* function_name);
/* Replaces the text PD_GetVersion returns (NULL restores "version: 3.0.0 ..."). */
PD_API void PDTest_SetVersion(const char* version_text);
/* Size and field offsets of the ABI structs as this C compiler lays them out; -1 for unknown names. */
PD_API int64_t PDTest_SizeOf(const char* struct_name);
PD_API int64_t PDTest_OffsetOf(const char* struct_name, const char* field_name);
/* Builds a PD_TwoDimArraySize that the caller must release with PD_TwoDimArraySizeDestroy (for LoD tests). */
PD_API PD_TwoDimArraySize* PDTest_MakeLod(size_t levels, size_t width);

#ifdef __cplusplus
}
#endif

#endif
