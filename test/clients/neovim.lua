-- Drives `migrationlint lsp` from Neovim the way a user does (run by test/clients/neovim.test.ts):
-- start_client + buf_attach_client, open two migrations, edit them, and take code actions with
-- vim.lsp.buf.code_action() (which applies the chosen one with vim.lsp.util.apply_workspace_edit).
-- Everything the client received is written as JSON to $MLINT_OUT.
local root, out = os.getenv('MLINT_ROOT'), os.getenv('MLINT_OUT')
local index_file = root .. '/migrations/002_index.sql'
local note_file = root .. '/migrations/003_note.sql'
local TIMEOUT = 30000
local log = { steps = {} }

-- Every publishDiagnostics as it arrived, before Neovim converts it.
local published = {}
local on_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  table.insert(published, result)
  return on_publish(err, result, ctx, config)
end

-- The code action requests as sent.
local requests = {}
local request_all = vim.lsp.buf_request_all
vim.lsp.buf_request_all = function(bufnr, method, params, callback)
  if method == 'textDocument/codeAction' then table.insert(requests, vim.deepcopy(params)) end
  return request_all(bufnr, method, params, callback)
end

local function fail(message)
  error(message .. '\npublished: ' .. vim.fn.json_encode(published), 0)
end

local client_id = vim.lsp.start_client({
  name = 'migrationlint',
  cmd = { os.getenv('MLINT_NODE'), os.getenv('MLINT_BIN'), 'lsp', '--stdio' },
  root_dir = root,
  on_exit = function(code) log.server_exit = code end,
})
if not client_id then fail('start_client failed') end

--- The version Neovim last sent for the buffer (0 on didOpen, the changedtick after).
local function version_of(bufnr) return vim.lsp.util.buf_versions[bufnr] or 0 end

--- The diagnostics published for this buffer's current version.
local function diagnostics_now(bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  local version = version_of(bufnr)
  local found
  local ok = vim.wait(TIMEOUT, function()
    for i = #published, 1, -1 do
      local p = published[i]
      if p.uri == uri and p.version == version then
        found = p
        return true
      end
    end
    return false
  end, 20)
  if not ok then fail('no diagnostics for ' .. uri .. ' version ' .. tostring(version)) end
  return found
end

local function lines(bufnr) return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) end

local function record(name, bufnr, extra)
  local p = diagnostics_now(bufnr)
  local step = { step = name, file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':t'), version = p.version, lines = lines(bufnr), lsp = {}, neovim = {} }
  for _, d in ipairs(p.diagnostics) do
    table.insert(step.lsp, { code = d.code, severity = d.severity, range = d.range, message = d.message })
  end
  -- What Neovim made of them: 0-based byte columns into the buffer line.
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(step.neovim, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col })
  end
  for k, v in pairs(extra or {}) do step[k] = v end
  table.insert(log.steps, step)
end

local function open(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'sql'
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr
end

--- vim.lsp.buf.code_action() with the cursor at (row, col) (1-based row, 0-based byte col),
--- choosing the action titled `choose` from the menu (nil: close the menu).
local function code_action(bufnr, row, col, choose)
  vim.api.nvim_win_set_cursor(0, { row, col })
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local offered
  local select = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    offered = {}
    local chosen
    for _, item in ipairs(items) do
      local title = opts.format_item(item)
      table.insert(offered, title)
      if title == choose then chosen = item end
    end
    on_choice(chosen)
  end
  -- With no action Neovim says so instead of showing a menu.
  local notify = vim.notify
  vim.notify = function(message, level)
    if message == 'No code actions available' then offered = {} else notify(message, level) end
  end
  local requests_before = #requests
  vim.lsp.buf.code_action()
  local ok = vim.wait(TIMEOUT, function() return offered ~= nil end, 20)
  vim.ui.select, vim.notify = select, notify
  if not ok then fail('no code actions offered at ' .. row .. ':' .. col) end
  if choose and vim.api.nvim_buf_get_changedtick(bufnr) == tick then fail('the chosen action "' .. choose .. '" did not change the buffer') end
  return { offered = offered, chose = choose, request = requests[requests_before + 1] }
end

local ok, err = pcall(function()
  -- 002: a comment with multibyte characters before the finding on its line.
  local index = open(index_file)
  record('open', index)

  vim.api.nvim_buf_set_lines(index, -1, -1, false, { 'ALTER TABLE orders ALTER COLUMN note SET NOT NULL;' })
  record('append a statement', index)

  -- CONCURRENTLY beside another statement would be mixed-transactional-statements: not offered.
  local withheld = code_action(index, 2, 0, nil)
  vim.api.nvim_buf_set_lines(index, 2, 3, false, {})
  record('code actions at the start of line 2, then delete line 3', index, { actions = withheld })

  local fix = code_action(index, 2, 0, 'Add CONCURRENTLY (require-concurrent-index-creation)')
  record('apply "Add CONCURRENTLY"', index, { actions = fix })
  vim.cmd('write')

  -- 003: ignore a finding; the placeholder is not a reason.
  local note = open(note_file)
  record('open', note)
  local ignore = code_action(note, 1, 0, 'Ignore adding-not-nullable-field for this statement')
  record('apply "Ignore"', note, { actions = ignore })
  vim.cmd('write')
end)
if not ok then log.error = tostring(err) end

vim.lsp.stop_client(client_id)
vim.wait(TIMEOUT, function() return log.server_exit ~= nil end, 20)
vim.fn.writefile({ vim.fn.json_encode(log) }, out)
vim.cmd(ok and 'qall!' or 'cquit 1')
