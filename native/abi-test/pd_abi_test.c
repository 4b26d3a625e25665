/*
 * Paddle Inference ABI TEST DOUBLE. Not Paddle Inference; see pd_abi_test_control.h.
 *
 * Implements every function of native/include/paddle_inference_c_declarations.h over a tiny deterministic fake
 * model, records calls, counts creations and destructions per object kind, detects destroys of pointers that are not
 * live, and fails on request. Thread-safe: one mutex guards the registry and the counters.
 */
#include "pd_abi_test_control.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- registry, counters, call log ----------------------------------------------------------------------------- */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

enum { KIND_COUNT = 12 };
static const char* const g_kinds[KIND_COUNT] = {
  "PD_Config", "PD_Predictor", "PD_Tensor", "PD_OneDimArrayInt32", "PD_OneDimArrayInt64", "PD_OneDimArraySize",
  "PD_OneDimArrayCstr", "PD_TwoDimArraySize", "PD_Cstr", "PD_IOInfo", "PD_IOInfos", "malloc"};
enum Kind { K_CONFIG, K_PREDICTOR, K_TENSOR, K_I32, K_I64, K_SIZE, K_CSTRS, K_TWODIM, K_CSTR, K_IOINFO, K_IOINFOS,
            K_MALLOC };
static int64_t g_created[KIND_COUNT];
static int64_t g_destroyed[KIND_COUNT];
static int64_t g_misuse;
static char g_last_misuse[256];

typedef struct { const void* ptr; int kind; } LiveEntry;
static LiveEntry* g_live;
static size_t g_live_count, g_live_capacity;

typedef struct { char name[64]; int64_t count; int fail_next; } CallEntry;
enum { MAX_FUNCTIONS = 256 };
static CallEntry g_calls[MAX_FUNCTIONS];
static size_t g_call_count;

static char* g_version;
static const char k_default_version[] = "version: 3.0.0\ncommit: abi-test-double\nbranch: none\n";

static CallEntry* call_entry_locked(const char* name) {
  for (size_t i = 0; i < g_call_count; ++i) {
    if (strcmp(g_calls[i].name, name) == 0) return &g_calls[i];
  }
  if (g_call_count == MAX_FUNCTIONS) return NULL;
  CallEntry* e = &g_calls[g_call_count++];
  snprintf(e->name, sizeof e->name, "%s", name);
  e->count = 0;
  e->fail_next = 0;
  return e;
}

/* Records a call; returns 1 when this call must fail. */
static int record_call(const char* name) {
  pthread_mutex_lock(&g_lock);
  CallEntry* e = call_entry_locked(name);
  int fail = 0;
  if (e != NULL) {
    e->count++;
    fail = e->fail_next;
    e->fail_next = 0;
  }
  pthread_mutex_unlock(&g_lock);
  return fail;
}

#define RECORD() int should_fail = record_call(__func__); (void)should_fail

static void misuse_locked(const char* what, const void* ptr) {
  g_misuse++;
  snprintf(g_last_misuse, sizeof g_last_misuse, "%s %p", what, ptr);
}

static void track(const void* ptr, int kind) {
  pthread_mutex_lock(&g_lock);
  if (g_live_count == g_live_capacity) {
    g_live_capacity = g_live_capacity ? g_live_capacity * 2 : 256;
    g_live = realloc(g_live, g_live_capacity * sizeof *g_live);
  }
  g_live[g_live_count].ptr = ptr;
  g_live[g_live_count].kind = kind;
  g_live_count++;
  g_created[kind]++;
  pthread_mutex_unlock(&g_lock);
}

/* Removes a live object; returns 0 (and records a misuse) when ptr is not a live object of that kind. */
static int untrack(const void* ptr, int kind, const char* what) {
  pthread_mutex_lock(&g_lock);
  for (size_t i = 0; i < g_live_count; ++i) {
    if (g_live[i].ptr == ptr && g_live[i].kind == kind) {
      g_live[i] = g_live[--g_live_count];
      g_destroyed[kind]++;
      pthread_mutex_unlock(&g_lock);
      return 1;
    }
  }
  misuse_locked(what, ptr);
  pthread_mutex_unlock(&g_lock);
  return 0;
}

static int is_live(const void* ptr, int kind) {
  pthread_mutex_lock(&g_lock);
  int found = 0;
  for (size_t i = 0; i < g_live_count && !found; ++i) found = g_live[i].ptr == ptr && g_live[i].kind == kind;
  pthread_mutex_unlock(&g_lock);
  return found;
}

static void note_misuse(const char* what, const void* ptr) {
  pthread_mutex_lock(&g_lock);
  misuse_locked(what, ptr);
  pthread_mutex_unlock(&g_lock);
}

static int kind_index(const char* kind) {
  for (int i = 0; i < KIND_COUNT; ++i) if (kind != NULL && strcmp(g_kinds[i], kind) == 0) return i;
  return -1;
}

int64_t PDTest_Created(const char* kind) {
  int k = kind_index(kind);
  pthread_mutex_lock(&g_lock);
  int64_t v = k < 0 ? -1 : g_created[k];
  pthread_mutex_unlock(&g_lock);
  return v;
}

int64_t PDTest_Destroyed(const char* kind) {
  int k = kind_index(kind);
  pthread_mutex_lock(&g_lock);
  int64_t v = k < 0 ? -1 : g_destroyed[k];
  pthread_mutex_unlock(&g_lock);
  return v;
}

int64_t PDTest_Misuse(void) {
  pthread_mutex_lock(&g_lock);
  int64_t v = g_misuse;
  pthread_mutex_unlock(&g_lock);
  return v;
}

const char* PDTest_LastMisuse(void) { return g_last_misuse; }

int64_t PDTest_CallCount(const char* function_name) {
  pthread_mutex_lock(&g_lock);
  int64_t v = 0;
  for (size_t i = 0; i < g_call_count; ++i) if (strcmp(g_calls[i].name, function_name) == 0) v = g_calls[i].count;
  pthread_mutex_unlock(&g_lock);
  return v;
}

void PDTest_Reset(void) {
  pthread_mutex_lock(&g_lock);
  memset(g_created, 0, sizeof g_created);
  memset(g_destroyed, 0, sizeof g_destroyed);
  g_misuse = 0;
  g_last_misuse[0] = '\0';
  for (size_t i = 0; i < g_call_count; ++i) { g_calls[i].count = 0; g_calls[i].fail_next = 0; }
  pthread_mutex_unlock(&g_lock);
}

void PDTest_FailNext(const char* function_name) {
  pthread_mutex_lock(&g_lock);
  CallEntry* e = call_entry_locked(function_name);
  if (e != NULL) e->fail_next = 1;
  pthread_mutex_unlock(&g_lock);
}

void PDTest_SetVersion(const char* version_text) {
  pthread_mutex_lock(&g_lock);
  free(g_version);
  g_version = version_text == NULL ? NULL : strdup(version_text);
  pthread_mutex_unlock(&g_lock);
}

#define STRUCT_CASE(T) if (strcmp(name, #T) == 0) return (int64_t)sizeof(T)
#define FIELD_CASE(T, F) if (strcmp(name, #T) == 0 && strcmp(field, #F) == 0) return (int64_t)offsetof(T, F)

int64_t PDTest_SizeOf(const char* name) {
  STRUCT_CASE(PD_OneDimArrayInt32); STRUCT_CASE(PD_OneDimArraySize); STRUCT_CASE(PD_OneDimArrayInt64);
  STRUCT_CASE(PD_OneDimArrayCstr); STRUCT_CASE(PD_Cstr); STRUCT_CASE(PD_TwoDimArraySize);
  STRUCT_CASE(PD_IOInfo); STRUCT_CASE(PD_IOInfos);
  return -1;
}

int64_t PDTest_OffsetOf(const char* name, const char* field) {
  FIELD_CASE(PD_OneDimArrayInt32, size); FIELD_CASE(PD_OneDimArrayInt32, data);
  FIELD_CASE(PD_OneDimArraySize, size); FIELD_CASE(PD_OneDimArraySize, data);
  FIELD_CASE(PD_OneDimArrayInt64, size); FIELD_CASE(PD_OneDimArrayInt64, data);
  FIELD_CASE(PD_OneDimArrayCstr, size); FIELD_CASE(PD_OneDimArrayCstr, data);
  FIELD_CASE(PD_Cstr, size); FIELD_CASE(PD_Cstr, data);
  FIELD_CASE(PD_TwoDimArraySize, size); FIELD_CASE(PD_TwoDimArraySize, data);
  FIELD_CASE(PD_IOInfo, name); FIELD_CASE(PD_IOInfo, shape); FIELD_CASE(PD_IOInfo, dtype);
  FIELD_CASE(PD_IOInfos, size); FIELD_CASE(PD_IOInfos, io_info);
  return -1;
}

/* ---- returned arrays and strings ------------------------------------------------------------------------------ */

static PD_Cstr* new_cstr(const char* text) {
  PD_Cstr* s = calloc(1, sizeof *s);
  size_t n = text == NULL ? 0 : strlen(text);
  if (n > 0) { /* size counts the NUL; an empty string is size 0 and data NULL */
    s->size = n + 1;
    s->data = malloc(n + 1);
    memcpy(s->data, text, n + 1);
  }
  track(s, K_CSTR);
  return s;
}

static PD_OneDimArrayInt32* new_i32(size_t n, const int32_t* values) {
  PD_OneDimArrayInt32* a = calloc(1, sizeof *a);
  a->size = n;
  if (n > 0) { a->data = malloc(n * sizeof *a->data); memcpy(a->data, values, n * sizeof *a->data); }
  track(a, K_I32);
  return a;
}

static PD_OneDimArrayInt64* new_i64(size_t n, const int64_t* values) {
  PD_OneDimArrayInt64* a = calloc(1, sizeof *a);
  a->size = n;
  if (n > 0) { a->data = malloc(n * sizeof *a->data); memcpy(a->data, values, n * sizeof *a->data); }
  track(a, K_I64);
  return a;
}

static PD_OneDimArraySize* new_size(size_t n, const size_t* values) {
  PD_OneDimArraySize* a = calloc(1, sizeof *a);
  a->size = n;
  if (n > 0) { a->data = malloc(n * sizeof *a->data); memcpy(a->data, values, n * sizeof *a->data); }
  track(a, K_SIZE);
  return a;
}

static PD_OneDimArrayCstr* new_cstrs(size_t n, char* const* values) {
  PD_OneDimArrayCstr* a = calloc(1, sizeof *a);
  a->size = n;
  if (n > 0) {
    a->data = malloc(n * sizeof *a->data);
    for (size_t i = 0; i < n; ++i) a->data[i] = strdup(values[i]);
  }
  track(a, K_CSTRS);
  return a;
}

void PD_OneDimArrayInt32Destroy(PD_OneDimArrayInt32* array) {
  RECORD();
  if (array == NULL || !untrack(array, K_I32, "PD_OneDimArrayInt32Destroy of a non-live array")) return;
  free(array->data);
  free(array);
}

void PD_OneDimArrayInt64Destroy(PD_OneDimArrayInt64* array) {
  RECORD();
  if (array == NULL || !untrack(array, K_I64, "PD_OneDimArrayInt64Destroy of a non-live array")) return;
  free(array->data);
  free(array);
}

void PD_OneDimArraySizeDestroy(PD_OneDimArraySize* array) {
  RECORD();
  if (array == NULL || !untrack(array, K_SIZE, "PD_OneDimArraySizeDestroy of a non-live array")) return;
  free(array->data);
  free(array);
}

void PD_OneDimArrayCstrDestroy(PD_OneDimArrayCstr* array) {
  RECORD();
  if (array == NULL || !untrack(array, K_CSTRS, "PD_OneDimArrayCstrDestroy of a non-live array")) return;
  for (size_t i = 0; i < array->size; ++i) free(array->data[i]);
  free(array->data);
  free(array);
}

void PD_TwoDimArraySizeDestroy(PD_TwoDimArraySize* array) {
  RECORD();
  if (array == NULL || !untrack(array, K_TWODIM, "PD_TwoDimArraySizeDestroy of a non-live array")) return;
  for (size_t i = 0; i < array->size; ++i) PD_OneDimArraySizeDestroy(array->data[i]);
  free(array->data);
  free(array);
}

void PD_CstrDestroy(PD_Cstr* cstr) {
  RECORD();
  if (cstr == NULL || !untrack(cstr, K_CSTR, "PD_CstrDestroy of a non-live string")) return;
  free(cstr->data);
  free(cstr);
}

void PD_IOInfoDestroy(PD_IOInfo* io_info) {
  RECORD();
  if (io_info == NULL || !untrack(io_info, K_IOINFO, "PD_IOInfoDestroy of a non-live info")) return;
  PD_CstrDestroy(io_info->name);
  PD_OneDimArrayInt64Destroy(io_info->shape);
  free(io_info);
}

void PD_IOInfosDestroy(PD_IOInfos* io_infos) {
  RECORD();
  if (io_infos == NULL || !untrack(io_infos, K_IOINFOS, "PD_IOInfosDestroy of a non-live info array")) return;
  for (size_t i = 0; i < io_infos->size; ++i) PD_IOInfoDestroy(io_infos->io_info[i]);
  free(io_infos->io_info);
  free(io_infos);
}

PD_TwoDimArraySize* PDTest_MakeLod(size_t levels, size_t width) {
  PD_TwoDimArraySize* lod = calloc(1, sizeof *lod);
  lod->size = levels;
  lod->data = levels ? calloc(levels, sizeof *lod->data) : NULL;
  for (size_t l = 0; l < levels; ++l) {
    size_t values[64];
    size_t n = width < 64 ? width : 64;
    for (size_t i = 0; i < n; ++i) values[i] = l * 100 + i;
    lod->data[l] = new_size(n, values);
  }
  track(lod, K_TWODIM);
  return lod;
}

/* ---- Config --------------------------------------------------------------------------------------------------- */

enum { MAX_TEXT = 64 };
struct PD_Config {
  char model_dir[1024], prog_file[1024], params_file[1024], optim_cache_dir[1024];
  size_t prog_buffer_size, params_buffer_size;
  char prog_buffer_head[17];
  int from_memory, valid;
  int use_gpu, gpu_device, gpu_precision, cudnn, multi_stream;
  uint64_t gpu_pool_mb;
  int use_xpu, xpu_l3, xpu_locked, xpu_autotune, xpu_adaptive, xpu_multi_stream;
  char xpu_autotune_file[256], xpu_precision[32];
  int use_custom, custom_id, custom_precision;
  char custom_type[64];
  int onnxruntime, ort_optimization, ir_optim, ir_debug, memory_optim, fc_padding, profile, glog_disabled;
  int mkldnn, mkldnn_cache, math_threads, bf16, int8;
  char mkldnn_ops[512], bf16_ops[512], trt_disabled_ops[512], trt_dynamic[1024];
  void* exec_stream;
  int trt, trt_max_batch, trt_min_subgraph, trt_precision, trt_static, trt_calib, trt_dynamic_set;
  int64_t trt_workspace;
  int tuned_trt, trt_allow_build, collect_shape, varseqlen, dla, dla_core;
  char shape_range_path[1024];
  char* passes[MAX_TEXT];
  size_t pass_count;
};

static void copy_text(char* dst, size_t cap, const char* src) { snprintf(dst, cap, "%s", src == NULL ? "" : src); }

static void join_list(char* dst, size_t cap, size_t n, const char** items) {
  dst[0] = '\0';
  for (size_t i = 0; i < n; ++i) {
    size_t used = strlen(dst);
    snprintf(dst + used, cap - used, "%s%s", i ? "," : "", items[i]);
  }
}

PD_Config* PD_ConfigCreate(void) {
  RECORD();
  if (should_fail) return NULL;
  PD_Config* c = calloc(1, sizeof *c);
  c->valid = 1;
  c->ir_optim = 1;
  c->memory_optim = 0;
  c->fc_padding = 1;
  c->mkldnn_cache = 10;
  c->math_threads = 1;
  static const char* const defaults[] = {"conv_bn_fuse_pass", "fc_fuse_pass", "conv_elementwise_add_fuse_pass"};
  for (size_t i = 0; i < 3; ++i) c->passes[c->pass_count++] = strdup(defaults[i]);
  track(c, K_CONFIG);
  return c;
}

void PD_ConfigDestroy(PD_Config* c) {
  RECORD();
  if (c == NULL || !untrack(c, K_CONFIG, "PD_ConfigDestroy of a non-live config")) return;
  for (size_t i = 0; i < c->pass_count; ++i) free(c->passes[i]);
  free(c);
}

#define CFG_SETTER(NAME, BODY) void NAME(PD_Config* c) { RECORD(); BODY; }
#define CFG_FLAG(NAME, FIELD) PD_Bool NAME(PD_Config* c) { RECORD(); return (PD_Bool)(c->FIELD != 0); }
#define CFG_INT(NAME, FIELD) int32_t NAME(PD_Config* c) { RECORD(); return (int32_t)c->FIELD; }

void PD_ConfigSetModel(PD_Config* c, const char* prog, const char* params) {
  RECORD();
  copy_text(c->prog_file, sizeof c->prog_file, prog);
  copy_text(c->params_file, sizeof c->params_file, params);
}
void PD_ConfigSetProgFile(PD_Config* c, const char* p) { RECORD(); copy_text(c->prog_file, sizeof c->prog_file, p); }
void PD_ConfigSetParamsFile(PD_Config* c, const char* p) { RECORD(); copy_text(c->params_file, sizeof c->params_file, p); }
void PD_ConfigSetOptimCacheDir(PD_Config* c, const char* p) { RECORD(); copy_text(c->optim_cache_dir, sizeof c->optim_cache_dir, p); }
void PD_ConfigSetModelDir(PD_Config* c, const char* p) { RECORD(); copy_text(c->model_dir, sizeof c->model_dir, p); }
const char* PD_ConfigGetModelDir(PD_Config* c) { RECORD(); return c->model_dir; }
const char* PD_ConfigGetProgFile(PD_Config* c) { RECORD(); return c->prog_file; }
const char* PD_ConfigGetParamsFile(PD_Config* c) { RECORD(); return c->params_file; }

void PD_ConfigSetModelBuffer(PD_Config* c, const char* prog, size_t prog_size, const char* params, size_t params_size) {
  RECORD();
  c->from_memory = 1;
  c->prog_buffer_size = prog_size;
  c->params_buffer_size = params_size;
  size_t n = prog_size < 16 ? prog_size : 16;
  memcpy(c->prog_buffer_head, prog, n);
  c->prog_buffer_head[n] = '\0';
  (void)params;
}
CFG_FLAG(PD_ConfigModelFromMemory, from_memory)

void PD_ConfigEnableUseGpu(PD_Config* c, uint64_t pool_mb, int32_t device_id, PD_PrecisionType precision) {
  RECORD();
  c->use_gpu = 1;
  c->gpu_pool_mb = pool_mb;
  c->gpu_device = device_id;
  c->gpu_precision = precision;
}
CFG_SETTER(PD_ConfigDisableGpu, c->use_gpu = 0)
CFG_FLAG(PD_ConfigUseGpu, use_gpu)
CFG_INT(PD_ConfigGpuDeviceId, gpu_device)
CFG_INT(PD_ConfigMemoryPoolInitSizeMb, gpu_pool_mb)
float PD_ConfigFractionOfGpuMemoryForPool(PD_Config* c) { RECORD(); return c->use_gpu ? 0.5f : 0.0f; }
CFG_SETTER(PD_ConfigEnableCudnn, c->cudnn = 1)
CFG_FLAG(PD_ConfigCudnnEnabled, cudnn)

void PD_ConfigEnableXpu(PD_Config* c, int32_t l3, PD_Bool locked, PD_Bool autotune, const char* autotune_file,
                        const char* precision, PD_Bool adaptive, PD_Bool multi_stream) {
  RECORD();
  c->use_xpu = 1;
  c->xpu_l3 = l3;
  c->xpu_locked = locked;
  c->xpu_autotune = autotune;
  copy_text(c->xpu_autotune_file, sizeof c->xpu_autotune_file, autotune_file);
  copy_text(c->xpu_precision, sizeof c->xpu_precision, precision);
  c->xpu_adaptive = adaptive;
  c->xpu_multi_stream = multi_stream;
}
CFG_FLAG(PD_ConfigUseXpu, use_xpu)
int32_t PD_ConfigXpuDeviceId(PD_Config* c) { RECORD(); (void)c; return 0; }

void PD_ConfigEnableCustomDevice(PD_Config* c, char* type, int32_t id, PD_PrecisionType precision) {
  RECORD();
  c->use_custom = 1;
  copy_text(c->custom_type, sizeof c->custom_type, type);
  c->custom_id = id;
  c->custom_precision = precision;
}
CFG_FLAG(PD_ConfigUseCustomDevice, use_custom)
CFG_INT(PD_ConfigCustomDeviceId, custom_id)
char* PD_ConfigCustomDeviceType(PD_Config* c) {
  RECORD();
  char* s = strdup(c->custom_type);
  track(s, K_MALLOC);
  return s;
}
CFG_SETTER(PD_ConfigEnableONNXRuntime, c->onnxruntime = 1)
CFG_SETTER(PD_ConfigDisableONNXRuntime, c->onnxruntime = 0)
CFG_FLAG(PD_ConfigONNXRuntimeEnabled, onnxruntime)
CFG_SETTER(PD_ConfigEnableORTOptimization, c->ort_optimization = 1)

void PD_ConfigSwitchIrOptim(PD_Config* c, PD_Bool x) { RECORD(); c->ir_optim = x; }
CFG_FLAG(PD_ConfigIrOptim, ir_optim)
void PD_ConfigSwitchIrDebug(PD_Config* c, PD_Bool x) { RECORD(); c->ir_debug = x; }
void PD_ConfigEnableMemoryOptim(PD_Config* c, PD_Bool x) { RECORD(); c->memory_optim = x; }
CFG_FLAG(PD_ConfigMemoryOptimEnabled, memory_optim)
CFG_SETTER(PD_ConfigDisableFCPadding, c->fc_padding = 0)
CFG_FLAG(PD_ConfigUseFcPadding, fc_padding)

void PD_ConfigDeletePass(PD_Config* c, const char* pass) {
  RECORD();
  for (size_t i = 0; i < c->pass_count; ++i) {
    if (strcmp(c->passes[i], pass) == 0) {
      free(c->passes[i]);
      memmove(&c->passes[i], &c->passes[i + 1], (c->pass_count - i - 1) * sizeof c->passes[0]);
      c->pass_count--;
      return;
    }
  }
}
void PD_ConfigInsertPass(PD_Config* c, size_t idx, const char* pass) {
  RECORD();
  if (c->pass_count == MAX_TEXT || idx > c->pass_count) return;
  memmove(&c->passes[idx + 1], &c->passes[idx], (c->pass_count - idx) * sizeof c->passes[0]);
  c->passes[idx] = strdup(pass);
  c->pass_count++;
}
void PD_ConfigAppendPass(PD_Config* c, const char* pass) {
  RECORD();
  if (c->pass_count < MAX_TEXT) c->passes[c->pass_count++] = strdup(pass);
}
PD_OneDimArrayCstr* PD_ConfigAllPasses(PD_Config* c) {
  RECORD();
  if (should_fail) return NULL;
  return new_cstrs(c->pass_count, c->passes);
}
CFG_SETTER(PD_ConfigEnableProfile, c->profile = 1)
CFG_FLAG(PD_ConfigProfileEnabled, profile)
CFG_SETTER(PD_ConfigDisableGlogInfo, c->glog_disabled = 1)
CFG_FLAG(PD_ConfigGlogInfoDisabled, glog_disabled)
CFG_SETTER(PD_ConfigSetInvalid, c->valid = 0)
CFG_FLAG(PD_ConfigIsValid, valid)

PD_Cstr* PD_ConfigSummary(PD_Config* c) {
  RECORD();
  if (should_fail) return NULL;
  static __thread char text[8192];
  snprintf(text, sizeof text,
           "model_dir: %s\nprog_file: %s\nparams_file: %s\noptim_cache_dir: %s\n"
           "model_from_memory: %d\nprog_buffer_size: %zu\nparams_buffer_size: %zu\nprog_buffer_head: %s\n"
           "use_gpu: %d\ngpu_device_id: %d\ngpu_memory_pool_mb: %llu\ngpu_precision: %d\ncudnn: %d\n"
           "gpu_multi_stream: %d\nexec_stream: %p\n"
           "use_xpu: %d\nxpu_l3_size: %d\nxpu_l3_locked: %d\nxpu_autotune: %d\nxpu_autotune_file: %s\n"
           "xpu_precision: %s\nxpu_adaptive_seqlen: %d\nxpu_multi_stream: %d\n"
           "use_custom_device: %d\ncustom_device_type: %s\ncustom_device_id: %d\ncustom_device_precision: %d\n"
           "onnxruntime: %d\nort_optimization: %d\nir_optim: %d\nir_debug: %d\nmemory_optim: %d\nprofile: %d\n"
           "glog_info_disabled: %d\nmkldnn: %d\nmkldnn_cache_capacity: %d\ncpu_math_threads: %d\n"
           "mkldnn_ops: %s\nmkldnn_bf16: %d\nbf16_ops: %s\nmkldnn_int8: %d\n"
           "tensorrt: %d\ntrt_workspace: %lld\ntrt_max_batch: %d\ntrt_min_subgraph: %d\ntrt_precision: %d\n"
           "trt_use_static: %d\ntrt_use_calib: %d\ntrt_dynamic_shape: %s\ntrt_disabled_ops: %s\n"
           "trt_tuned_dynamic_shape: %d\ntrt_allow_build_at_runtime: %d\nshape_range_info_path: %s\n"
           "collect_shape_range_info: %d\nvarseqlen: %d\ntrt_dla: %d\ntrt_dla_core: %d\n",
           c->model_dir, c->prog_file, c->params_file, c->optim_cache_dir, c->from_memory, c->prog_buffer_size,
           c->params_buffer_size, c->prog_buffer_head, c->use_gpu, c->gpu_device, (unsigned long long)c->gpu_pool_mb,
           c->gpu_precision, c->cudnn, c->multi_stream, c->exec_stream, c->use_xpu, c->xpu_l3, c->xpu_locked,
           c->xpu_autotune, c->xpu_autotune_file, c->xpu_precision, c->xpu_adaptive, c->xpu_multi_stream,
           c->use_custom, c->custom_type, c->custom_id, c->custom_precision, c->onnxruntime, c->ort_optimization,
           c->ir_optim, c->ir_debug, c->memory_optim, c->profile, c->glog_disabled, c->mkldnn, c->mkldnn_cache,
           c->math_threads, c->mkldnn_ops, c->bf16, c->bf16_ops, c->int8, c->trt, (long long)c->trt_workspace,
           c->trt_max_batch, c->trt_min_subgraph, c->trt_precision, c->trt_static, c->trt_calib, c->trt_dynamic,
           c->trt_disabled_ops, c->tuned_trt, c->trt_allow_build, c->shape_range_path, c->collect_shape, c->varseqlen,
           c->dla, c->dla_core);
  return new_cstr(text);
}

CFG_SETTER(PD_ConfigEnableMKLDNN, c->mkldnn = 1)
CFG_FLAG(PD_ConfigMkldnnEnabled, mkldnn)
void PD_ConfigSetMkldnnCacheCapacity(PD_Config* c, int32_t capacity) { RECORD(); c->mkldnn_cache = capacity; }
void PD_ConfigSetCpuMathLibraryNumThreads(PD_Config* c, int32_t n) { RECORD(); c->math_threads = n; }
CFG_INT(PD_ConfigGetCpuMathLibraryNumThreads, math_threads)
void PD_ConfigSetMkldnnOp(PD_Config* c, size_t n, const char** ops) { RECORD(); join_list(c->mkldnn_ops, sizeof c->mkldnn_ops, n, ops); }
CFG_SETTER(PD_ConfigEnableMkldnnBfloat16, c->bf16 = 1)
CFG_FLAG(PD_ConfigMkldnnBfloat16Enabled, bf16)
void PD_ConfigSetBfloat16Op(PD_Config* c, size_t n, const char** ops) { RECORD(); join_list(c->bf16_ops, sizeof c->bf16_ops, n, ops); }
CFG_SETTER(PD_ConfigEnableMkldnnInt8, c->int8 = 1)
CFG_FLAG(PD_ConfigMkldnnInt8Enabled, int8)

CFG_SETTER(PD_ConfigEnableGpuMultiStream, c->multi_stream = 1)
CFG_FLAG(PD_ConfigThreadLocalStreamEnabled, multi_stream)
void PD_ConfigSetExecStream(PD_Config* c, void* stream) { RECORD(); c->exec_stream = stream; }

void PD_ConfigEnableTensorRtEngine(PD_Config* c, int64_t workspace, int32_t max_batch, int32_t min_subgraph,
                                   PD_PrecisionType precision, PD_Bool use_static, PD_Bool use_calib) {
  RECORD();
  c->trt = 1;
  c->trt_workspace = workspace;
  c->trt_max_batch = max_batch;
  c->trt_min_subgraph = min_subgraph;
  c->trt_precision = precision;
  c->trt_static = use_static;
  c->trt_calib = use_calib;
}
CFG_FLAG(PD_ConfigTensorRtEngineEnabled, trt)

void PD_ConfigSetTrtDynamicShapeInfo(PD_Config* c, size_t n, const char** names, size_t* ranks, int32_t** min_shape,
                                     int32_t** max_shape, int32_t** opt_shape, PD_Bool disable_fp16) {
  RECORD();
  char* out = c->trt_dynamic;
  size_t cap = sizeof c->trt_dynamic;
  out[0] = '\0';
  int32_t** sets[3] = {min_shape, max_shape, opt_shape};
  for (size_t i = 0; i < n; ++i) {
    size_t used = strlen(out);
    snprintf(out + used, cap - used, "%s%s", i ? ";" : "", names[i]);
    for (int s = 0; s < 3; ++s) {
      used = strlen(out);
      snprintf(out + used, cap - used, "%s[", s ? "/" : ":");
      for (size_t d = 0; d < ranks[i]; ++d) {
        used = strlen(out);
        snprintf(out + used, cap - used, "%s%d", d ? "," : "", sets[s][i][d]);
      }
      used = strlen(out);
      snprintf(out + used, cap - used, "]");
    }
  }
  size_t used = strlen(out);
  snprintf(out + used, cap - used, " fp16_plugin_disabled=%d", disable_fp16);
  c->trt_dynamic_set = 1;
}
CFG_FLAG(PD_ConfigTensorRtDynamicShapeEnabled, trt_dynamic_set)
void PD_ConfigEnableTunedTensorRtDynamicShape(PD_Config* c, const char* path, PD_Bool allow_build) {
  RECORD();
  c->tuned_trt = 1;
  copy_text(c->shape_range_path, sizeof c->shape_range_path, path);
  c->trt_allow_build = allow_build;
}
CFG_FLAG(PD_ConfigTunedTensorRtDynamicShape, tuned_trt)
CFG_FLAG(PD_ConfigTrtAllowBuildAtRuntime, trt_allow_build)
void PD_ConfigCollectShapeRangeInfo(PD_Config* c, const char* path) {
  RECORD();
  c->collect_shape = 1;
  copy_text(c->shape_range_path, sizeof c->shape_range_path, path);
}
CFG_FLAG(PD_ConfigShapeRangeInfoCollected, collect_shape)
const char* PD_ConfigShapeRangeInfoPath(PD_Config* c) {
  RECORD();
  char* s = strdup(c->shape_range_path);
  track(s, K_MALLOC);
  return s;
}
void PD_ConfigDisableTensorRtOPs(PD_Config* c, size_t n, const char** ops) { RECORD(); join_list(c->trt_disabled_ops, sizeof c->trt_disabled_ops, n, ops); }
CFG_SETTER(PD_ConfigEnableTensorRtOSS, c->varseqlen = 1)
CFG_SETTER(PD_ConfigEnableVarseqlen, c->varseqlen = 1)
CFG_FLAG(PD_ConfigTensorRtOssEnabled, varseqlen)
void PD_ConfigEnableTensorRtDla(PD_Config* c, int32_t core) { RECORD(); c->dla = 1; c->dla_core = core; }
CFG_FLAG(PD_ConfigTensorRtDlaEnabled, dla)

/* ---- Predictor and tensors ------------------------------------------------------------------------------------ */

enum { SLOT_X, SLOT_Y, SLOT_COUNT, SLOTS };
static const char* const k_slot_names[SLOTS] = {"x", "y", "count"};

typedef struct {
  PD_DataType dtype;
  int32_t shape[8];
  size_t rank;
  void* data;
  size_t numel;
  PD_TwoDimArraySize* lod; /* a private copy */
} Slot;

struct PD_Predictor { Slot slots[SLOTS]; };
struct PD_Tensor { PD_Predictor* owner; int slot; };

static size_t dtype_size(PD_DataType t) {
  switch (t) {
    case PD_DATA_FLOAT32: case PD_DATA_INT32: return 4;
    case PD_DATA_INT64: return 8;
    case PD_DATA_UINT8: case PD_DATA_INT8: return 1;
    default: return 0;
  }
}

static PD_Predictor* new_predictor(void) {
  PD_Predictor* p = calloc(1, sizeof *p);
  p->slots[SLOT_X].dtype = PD_DATA_FLOAT32;
  p->slots[SLOT_Y].dtype = PD_DATA_FLOAT32;
  p->slots[SLOT_COUNT].dtype = PD_DATA_INT64;
  track(p, K_PREDICTOR);
  return p;
}

/* Whether PDTest_SetVersion chose a version before 2.5 ("version: 2.4.x" and older). */
static int version_before_2_5(void) {
  int major = 0, minor = 0;
  pthread_mutex_lock(&g_lock);
  int parsed = g_version != NULL && sscanf(g_version, "version: %d.%d", &major, &minor) == 2;
  pthread_mutex_unlock(&g_lock);
  return parsed && (major < 2 || (major == 2 && minor < 5));
}

PD_Predictor* PD_PredictorCreate(PD_Config* c) {
  RECORD();
  if (should_fail) return NULL;
  if (c == NULL || !is_live(c, K_CONFIG)) { note_misuse("PD_PredictorCreate with a non-live config", c); return NULL; }
  if (!c->valid) { note_misuse("PD_PredictorCreate with a used config", c); return NULL; }
  c->valid = 0; /* one config, one predictor */
  PD_Predictor* p = new_predictor();
  if (version_before_2_5()) PD_ConfigDestroy(c); /* 2.4 and older freed the config inside PD_PredictorCreate */
  return p;
}

PD_Predictor* PD_PredictorClone(PD_Predictor* p) {
  RECORD();
  if (should_fail) return NULL;
  if (!is_live(p, K_PREDICTOR)) { note_misuse("PD_PredictorClone of a non-live predictor", p); return NULL; }
  return new_predictor();
}

static PD_OneDimArrayCstr* slot_names(int first, int count) {
  char* names[SLOTS];
  for (int i = 0; i < count; ++i) names[i] = (char*)k_slot_names[first + i];
  return new_cstrs((size_t)count, names);
}

PD_OneDimArrayCstr* PD_PredictorGetInputNames(PD_Predictor* p) { RECORD(); (void)p; return should_fail ? NULL : slot_names(0, 1); }
PD_OneDimArrayCstr* PD_PredictorGetOutputNames(PD_Predictor* p) { RECORD(); (void)p; return should_fail ? NULL : slot_names(1, 2); }

static PD_IOInfos* slot_infos(int first, int count) {
  static const int64_t x_shape[] = {-1, 3, -1, -1};
  static const int64_t count_shape[] = {1};
  PD_IOInfos* infos = calloc(1, sizeof *infos);
  infos->size = (size_t)count;
  infos->io_info = calloc((size_t)count, sizeof *infos->io_info);
  for (int i = 0; i < count; ++i) {
    int slot = first + i;
    PD_IOInfo* info = calloc(1, sizeof *info);
    info->name = new_cstr(k_slot_names[slot]);
    info->shape = slot == SLOT_COUNT ? new_i64(1, count_shape) : new_i64(4, x_shape);
    info->dtype = slot == SLOT_COUNT ? PD_DATA_INT64 : PD_DATA_FLOAT32;
    track(info, K_IOINFO);
    infos->io_info[i] = info;
  }
  track(infos, K_IOINFOS);
  return infos;
}

PD_IOInfos* PD_PredictorGetInputInfos(PD_Predictor* p) { RECORD(); (void)p; return should_fail ? NULL : slot_infos(0, 1); }
PD_IOInfos* PD_PredictorGetOutputInfos(PD_Predictor* p) { RECORD(); (void)p; return should_fail ? NULL : slot_infos(1, 2); }
size_t PD_PredictorGetInputNum(PD_Predictor* p) { RECORD(); (void)p; return 1; }
size_t PD_PredictorGetOutputNum(PD_Predictor* p) { RECORD(); (void)p; return 2; }

static PD_Tensor* new_handle(PD_Predictor* p, const char* name, int first, int count) {
  if (!is_live(p, K_PREDICTOR)) { note_misuse("tensor handle from a non-live predictor", p); return NULL; }
  for (int i = first; i < first + count; ++i) {
    if (strcmp(k_slot_names[i], name) == 0) {
      PD_Tensor* t = calloc(1, sizeof *t);
      t->owner = p;
      t->slot = i;
      track(t, K_TENSOR);
      return t;
    }
  }
  note_misuse("tensor handle for an unknown name", name);
  return NULL;
}

PD_Tensor* PD_PredictorGetInputHandle(PD_Predictor* p, const char* name) { RECORD(); return should_fail ? NULL : new_handle(p, name, 0, 1); }
PD_Tensor* PD_PredictorGetOutputHandle(PD_Predictor* p, const char* name) { RECORD(); return should_fail ? NULL : new_handle(p, name, 1, 2); }

static void slot_resize(Slot* s, PD_DataType dtype) {
  size_t numel = 1;
  for (size_t i = 0; i < s->rank; ++i) numel *= (size_t)(s->shape[i] < 0 ? 0 : s->shape[i]);
  if (s->data == NULL || s->numel != numel || s->dtype != dtype) {
    free(s->data);
    s->data = calloc(numel ? numel : 1, dtype_size(dtype) ? dtype_size(dtype) : 1);
  }
  s->numel = numel;
  s->dtype = dtype;
}

PD_Bool PD_PredictorRun(PD_Predictor* p) {
  RECORD();
  if (should_fail) return 0;
  Slot* x = &p->slots[SLOT_X];
  if (x->data == NULL || x->dtype != PD_DATA_FLOAT32) return 0;
  Slot* y = &p->slots[SLOT_Y];
  y->rank = x->rank;
  memcpy(y->shape, x->shape, sizeof y->shape);
  slot_resize(y, PD_DATA_FLOAT32);
  const float* in = x->data;
  float* out = y->data;
  for (size_t i = 0; i < x->numel; ++i) out[i] = 2.0f * in[i] + 1.0f;
  Slot* count = &p->slots[SLOT_COUNT];
  count->rank = 1;
  count->shape[0] = 1;
  slot_resize(count, PD_DATA_INT64);
  *(int64_t*)count->data = (int64_t)x->numel;
  return 1;
}

void PD_PredictorClearIntermediateTensor(PD_Predictor* p) { RECORD(); (void)p; }
uint64_t PD_PredictorTryShrinkMemory(PD_Predictor* p) { RECORD(); (void)p; return 4096; }

void PD_PredictorDestroy(PD_Predictor* p) {
  RECORD();
  if (p == NULL || !untrack(p, K_PREDICTOR, "PD_PredictorDestroy of a non-live predictor")) return;
  for (int i = 0; i < SLOTS; ++i) {
    free(p->slots[i].data);
    if (p->slots[i].lod != NULL) PD_TwoDimArraySizeDestroy(p->slots[i].lod);
  }
  free(p);
}

const char* PD_GetVersion(void) {
  RECORD();
  pthread_mutex_lock(&g_lock);
  const char* v = g_version != NULL ? g_version : k_default_version;
  pthread_mutex_unlock(&g_lock);
  return v;
}

static Slot* slot_of(PD_Tensor* t) {
  if (!is_live(t, K_TENSOR)) { note_misuse("use of a non-live tensor handle", t); return NULL; }
  if (!is_live(t->owner, K_PREDICTOR)) { note_misuse("tensor handle used after its predictor died", t); return NULL; }
  return &t->owner->slots[t->slot];
}

void PD_TensorDestroy(PD_Tensor* t) {
  RECORD();
  if (t == NULL || !untrack(t, K_TENSOR, "PD_TensorDestroy of a non-live tensor")) return;
  free(t);
}

void PD_TensorReshape(PD_Tensor* t, size_t rank, int32_t* shape) {
  RECORD();
  Slot* s = slot_of(t);
  if (s == NULL || rank > 8) return;
  s->rank = rank;
  memcpy(s->shape, shape, rank * sizeof *shape);
}

#define TENSOR_FAMILY(SUFFIX, CTYPE, DTYPE)                                                          \
  CTYPE* PD_TensorMutableData##SUFFIX(PD_Tensor* t, PD_PlaceType place) {                            \
    RECORD();                                                                                        \
    Slot* s = slot_of(t);                                                                            \
    if (s == NULL || should_fail || place != PD_PLACE_CPU) return NULL;                              \
    slot_resize(s, DTYPE);                                                                           \
    return (CTYPE*)s->data;                                                                          \
  }                                                                                                  \
  CTYPE* PD_TensorData##SUFFIX(PD_Tensor* t, PD_PlaceType* place, int32_t* size) {                   \
    RECORD();                                                                                        \
    Slot* s = slot_of(t);                                                                            \
    if (s == NULL || should_fail || s->dtype != DTYPE) return NULL;                                  \
    *place = PD_PLACE_CPU;                                                                           \
    *size = (int32_t)s->numel;                                                                       \
    return (CTYPE*)s->data;                                                                          \
  }                                                                                                  \
  void PD_TensorCopyFromCpu##SUFFIX(PD_Tensor* t, const CTYPE* data) {                               \
    RECORD();                                                                                        \
    Slot* s = slot_of(t);                                                                            \
    if (s == NULL) return;                                                                           \
    slot_resize(s, DTYPE);                                                                           \
    memcpy(s->data, data, s->numel * sizeof(CTYPE));                                                 \
  }                                                                                                  \
  void PD_TensorCopyToCpu##SUFFIX(PD_Tensor* t, CTYPE* data) {                                       \
    RECORD();                                                                                        \
    Slot* s = slot_of(t);                                                                            \
    if (s == NULL) return;                                                                           \
    if (s->dtype != DTYPE) { note_misuse("PD_TensorCopyToCpu" #SUFFIX " of a tensor of another type", t); return; } \
    memcpy(data, s->data, s->numel * sizeof(CTYPE));                                                 \
  }

TENSOR_FAMILY(Float, float, PD_DATA_FLOAT32)
TENSOR_FAMILY(Int64, int64_t, PD_DATA_INT64)
TENSOR_FAMILY(Int32, int32_t, PD_DATA_INT32)
TENSOR_FAMILY(Uint8, uint8_t, PD_DATA_UINT8)
TENSOR_FAMILY(Int8, int8_t, PD_DATA_INT8)

PD_OneDimArrayInt32* PD_TensorGetShape(PD_Tensor* t) {
  RECORD();
  Slot* s = slot_of(t);
  if (s == NULL || should_fail) return NULL;
  return new_i32(s->rank, s->shape);
}

void PD_TensorSetLod(PD_Tensor* t, PD_TwoDimArraySize* lod) {
  RECORD();
  Slot* s = slot_of(t);
  if (s == NULL) return;
  if (s->lod != NULL) PD_TwoDimArraySizeDestroy(s->lod);
  s->lod = calloc(1, sizeof *s->lod);
  s->lod->size = lod->size;
  s->lod->data = lod->size ? calloc(lod->size, sizeof *s->lod->data) : NULL;
  for (size_t l = 0; l < lod->size; ++l) s->lod->data[l] = new_size(lod->data[l]->size, lod->data[l]->data);
  track(s->lod, K_TWODIM);
}

PD_TwoDimArraySize* PD_TensorGetLod(PD_Tensor* t) {
  RECORD();
  Slot* s = slot_of(t);
  if (s == NULL || should_fail) return NULL;
  PD_TwoDimArraySize* copy = calloc(1, sizeof *copy);
  size_t levels = s->lod == NULL ? 0 : s->lod->size;
  copy->size = levels;
  copy->data = levels ? calloc(levels, sizeof *copy->data) : NULL;
  for (size_t l = 0; l < levels; ++l) copy->data[l] = new_size(s->lod->data[l]->size, s->lod->data[l]->data);
  track(copy, K_TWODIM);
  return copy;
}

const char* PD_TensorGetName(PD_Tensor* t) { RECORD(); return is_live(t, K_TENSOR) ? k_slot_names[t->slot] : NULL; }

PD_DataType PD_TensorGetDataType(PD_Tensor* t) {
  RECORD();
  Slot* s = slot_of(t);
  return s == NULL ? PD_DATA_UNK : s->dtype;
}
