<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AmountDialog</name>
    <message>
        <location filename="../../app/ui/common.py" line="121" />
        <source>That is not a number I can use: write it like 12.50</source>
        <translation>无法识别的数字：请写成 12.50 的格式</translation>
    </message>
    <message>
        <location filename="../../app/ui/common.py" line="122" />
        <source>Type a whole number.</source>
        <translation>请输入整数。</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../app/ui/approval.py" line="21" />
        <source>Owner approval</source>
        <translation>店主授权</translation>
    </message>
    <message>
        <location filename="../../app/ui/approval.py" line="25" />
        <source>Approve</source>
        <translation>授权</translation>
    </message>
    <message>
        <location filename="../../app/ui/approval.py" line="33" />
        <source>Owner PIN:</source>
        <translation>店主 PIN：</translation>
    </message>
</context>
<context>
    <name>BackOffice</name>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="54" />
        <source>Back office – {shop}</source>
        <translation>后台 – {shop}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="70" />
        <source>&amp;Stock</source>
        <translation>库存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="70" />
        <source>Coun&amp;t</source>
        <translation>盘点(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="71" />
        <source>&amp;Customers</source>
        <translation>顾客(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="71" />
        <source>&amp;Dashboard</source>
        <translation>经营概况(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="72" />
        <source>&amp;Orders</source>
        <translation>订货(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="72" />
        <source>D&amp;ata</source>
        <translation>数据(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="73" />
        <source>Deli&amp;veries</source>
        <translation>到货(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="73" />
        <source>Sett&amp;lement</source>
        <translation>结算(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="74" />
        <location filename="../../app/ui/backoffice/__init__.py" line="206" />
        <source>&amp;Feedback</source>
        <translation>评价(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="77" />
        <source>Data and backups</source>
        <translation>数据与备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="120" />
        <source>Signed in: {name}</source>
        <translation>当前登录：{name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="205" />
        <source>&amp;Feedback ({n})</source>
        <translation>评价 ({n})(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/common.py" line="85" />
        <source>The file could not be used: {error}</source>
        <translation>无法使用该文件：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/common.py" line="87" />
        <source>Something went wrong ({error}); the details are in the log.</source>
        <translation>出错了（{error}）；详情请查看日志。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="76" />
        <source>Sta&amp;ff</source>
        <translation>员工(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="74" />
        <source>&amp;Reports</source>
        <translation>报表(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="78" />
        <source>Back to till</source>
        <translation>返回收银</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/__init__.py" line="79" />
        <source>Back to the sell screen (Esc or F10)</source>
        <translation>返回销售界面（Esc 或 F10）</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="51" />
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="51" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="51" />
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="51" />
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="51" />
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="77" />
        <source>/kg</source>
        <translation>/公斤</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="90" />
        <source>price overridden (was {price})</source>
        <translation>已改价（原价 {price}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="118" />
        <source>Type the quantity as a whole number (grams for weighed goods).</source>
        <translation>请输入整数数量（称重商品为克数）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="92" />
        <source>{promotion}: saves {amount}</source>
        <translation>{promotion}：节省 {amount}</translation>
    </message>
</context>
<context>
    <name>CashDialog</name>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="28" />
        <source>Cash session</source>
        <translation>现金班次</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="34" />
        <source>Open the drawer for the day</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="37" />
        <source>Open with this float</source>
        <translation>以此备用金开班</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="41" />
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="44" />
        <source>Paid in / paid out</source>
        <translation>存入 / 支出</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="46" />
        <source>Paid out (money taken from the drawer)</source>
        <translation>支出（从钱箱取钱）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="47" />
        <source>Paid in (money put in the drawer)</source>
        <translation>存入（放钱入钱箱）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="49" />
        <source>What for, e.g. window cleaner</source>
        <translation>用途，例如：擦窗工</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="51" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="54" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="55" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="56" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="59" />
        <source>Close the day</source>
        <translation>结班</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="60" />
        <source>Cash counted in the drawer</source>
        <translation>钱箱实点现金</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="63" />
        <source>Check the count</source>
        <translation>核对点数</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="65" />
        <source>X report (so far)</source>
        <translation>X 报表（截至目前）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="68" />
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="77" />
        <source>Close the day and print the Z report</source>
        <translation>结班并打印 Z 报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="80" />
        <source>Not yet: count again</source>
        <translation>先不结班：重新清点</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="92" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="113" />
        <source>No cash session is open.</source>
        <translation>没有开启的现金班次。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="117" />
        <source>Open · expected in the drawer: {amount}</source>
        <translation>营业中 · 钱箱应有：{amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="135" />
        <source>Type the amount like 12.50.</source>
        <translation>请按 12.50 的格式输入金额。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="164" />
        <source>Recorded {amount}.</source>
        <translation>已记录 {amount}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="174" />
        <source>over by {amount}</source>
        <translation>长款 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="174" />
        <source>short by {amount}</source>
        <translation>短款 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="173" />
        <source>exactly right</source>
        <translation>分毫不差</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="192" />
        <source>Expected {expected}, counted {counted}: {verdict}. Close the day?</source>
        <translation>应有 {expected}，实点 {counted}：{verdict}。确定结班？</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="212" />
        <source>Closed. Expected {expected}, counted {counted}: {verdict}.</source>
        <translation>已结班。应有 {expected}，实点 {counted}：{verdict}。</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="51" />
        <source>Sales by day ({currency})</source>
        <translation>每日销售（{currency}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="105" />
        <source>Sales by hour of the day ({currency})</source>
        <translation>分时段销售（{currency}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="110" />
        <source>How customers paid</source>
        <translation>顾客支付方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="111" />
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="111" />
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="111" />
        <source>Mobile</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="124" />
        <source>Sales per staff member ({currency})</source>
        <translation>员工销售额（{currency}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="130" />
        <source>Top {n} by revenue ({currency})</source>
        <translation>销售额前 {n} 名（{currency}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="136" />
        <source>Margin by category ({currency}, without VAT)</source>
        <translation>品类毛利（{currency}，不含增值税）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/charts.py" line="137" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>CoreError</name>
    <message>
        <location filename="../../app/core/barcodes.py" line="27" />
        <source>barcode {code} must be digits only</source>
        <translation>条码 {code} 只能由数字组成</translation>
    </message>
    <message>
        <location filename="../../app/core/barcodes.py" line="29" />
        <source>barcode {code} has {digits} digits; EAN-13, EAN-8 and UPC-A have 13, 8, 12</source>
        <translation>条码 {code} 有 {digits} 位；EAN-13、EAN-8 和 UPC-A 分别为 13、8、12 位</translation>
    </message>
    <message>
        <location filename="../../app/core/barcodes.py" line="35" />
        <source>barcode {code} has a wrong check digit (expected {expected})</source>
        <translation>条码 {code} 的校验位错误（应为 {expected}）</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="23" />
        <source>That is far more cash than a drawer holds: check the amount and type it again.</source>
        <translation>这远超钱箱能放的现金：请核对金额后重新输入。</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="44" />
        <source>A cash session is already open; close it first.</source>
        <translation>已有开启的现金班次，请先结班。</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="46" />
        <source>The float cannot be negative.</source>
        <translation>备用金不能为负数。</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="56" />
        <location filename="../../app/core/cash.py" line="156" />
        <location filename="../../app/core/reports.py" line="381" />
        <location filename="../../app/core/till.py" line="695" />
        <location filename="../../app/core/till.py" line="703" />
        <source>No cash session is open.</source>
        <translation>没有开启的现金班次。</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="58" />
        <source>Choose paid in or paid out.</source>
        <translation>请选择存入或支出。</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="60" />
        <source>The amount must be above zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="63" />
        <source>Say what the money is for.</source>
        <translation>请说明这笔钱的用途。</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="65" />
        <source>There is not that much cash in the drawer.</source>
        <translation>钱箱里没有这么多现金。</translation>
    </message>
    <message>
        <location filename="../../app/core/cash.py" line="158" />
        <source>The counted cash cannot be negative.</source>
        <translation>清点的现金不能为负数。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="52" />
        <source>No product with id {product_id}.</source>
        <translation>没有 ID 为 {product_id} 的商品。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="105" />
        <source>Nothing was scanned.</source>
        <translation>没有扫描到任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="114" />
        <source>Scale label {code}: no weighed product has item code {plu}.</source>
        <translation>电子秤标签 {code}：没有商品编码（PLU）为 {plu} 的称重商品。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="123" />
        <source>Unknown barcode or SKU: {code}.</source>
        <translation>未知的条码或货号：{code}。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="196" />
        <source>A price must be above zero.</source>
        <translation>价格必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="199" />
        <source>{price} is below the platform&apos;s minimum of {minimum} for {name}.</source>
        <translation>{price} 低于平台为 {name} 规定的最低价 {minimum}。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="204" />
        <source>{price} is above the platform&apos;s maximum of {maximum} for {name}.</source>
        <translation>{price} 高于平台为 {name} 规定的最高价 {maximum}。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="253" />
        <source>A product needs a SKU.</source>
        <translation>商品必须有货号。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="255" />
        <source>Product {sku} needs a name.</source>
        <translation>商品 {sku} 必须有名称。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="257" />
        <source>Unit must be &apos;each&apos; or &apos;kg&apos;, not {unit}.</source>
        <translation>单位必须是 &apos;each&apos;（件）或 &apos;kg&apos;（千克），不能是 {unit}。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="260" />
        <source>VAT rate {vat_rate_bp} bp is not between 0 and 10000.</source>
        <translation>税率 {vat_rate_bp} 基点不在 0 到 10000 之间。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="263" />
        <source>Product {sku}: the price must be above zero.</source>
        <translation>商品 {sku}：价格必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="266" />
        <source>Product {sku}: the minimum price is above the maximum.</source>
        <translation>商品 {sku}：最低价高于最高价。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="269" />
        <source>Product {sku}: the cost cannot be negative.</source>
        <translation>商品 {sku}：成本不能为负数。</translation>
    </message>
    <message>
        <location filename="../../app/core/catalog.py" line="273" />
        <source>Product {sku}: a scale item code (PLU) is up to 5 digits.</source>
        <translation>商品 {sku}：电子秤商品编码（PLU）最多 5 位数字。</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="31" />
        <source>line 1: the header lacks column(s) {columns}</source>
        <translation>第 1 行：表头缺少列 {columns}</translation>
    </message>
    <message>
        <location filename="../../app/core/credentials.py" line="21" />
        <source>No keyring is available to keep this till&apos;s device token safely. Choose one and try again: set PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring (asks for a password) or keyrings.alt.file.PlaintextKeyring (a file only your user can read). See docs/sync.md.</source>
        <translation>没有可用的密钥环来安全保存本收银机的设备令牌。请选择一个后重试：设置 PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring（会要求输入密码）或 keyrings.alt.file.PlaintextKeyring（只有您的用户能读取的文件）。参见 docs/sync.md。</translation>
    </message>
    <message>
        <location filename="../../app/core/credentials.py" line="52" />
        <source>The keyring refused to store the device token: {exc}</source>
        <translation>密钥环拒绝保存设备令牌：{exc}</translation>
    </message>
    <message>
        <location filename="../../app/core/credentials.py" line="62" />
        <source>The keyring could not be read: {exc}</source>
        <translation>无法读取密钥环：{exc}</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="24" />
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="24" />
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="25" />
        <source>email</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="34" />
        <source>Unknown customer field {key}.</source>
        <translation>未知的顾客字段 {key}。</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="40" />
        <source>{value} does not look like a phone number.</source>
        <translation>{value} 看起来不像电话号码。</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="43" />
        <source>{value} does not look like an email address.</source>
        <translation>{value} 看起来不像电子邮箱地址。</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="46" />
        <source>The {field} is too long.</source>
        <translation>{field}太长。</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="58" />
        <source>A customer needs at least a name or a phone number.</source>
        <translation>顾客至少需要姓名或电话号码。</translation>
    </message>
    <message>
        <location filename="../../app/core/customers.py" line="66" />
        <location filename="../../app/core/till.py" line="452" />
        <location filename="../../app/core/till.py" line="666" />
        <source>That customer does not exist.</source>
        <translation>该顾客不存在。</translation>
    </message>
    <message>
        <location filename="../../app/core/errors.py" line="86" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../app/core/errors.py" line="105" />
        <source>line {line}: {error}</source>
        <translation>第 {line} 行：{error}</translation>
    </message>
    <message>
        <location filename="../../app/core/errors.py" line="110" />
        <source>The file was not imported:
{errors}</source>
        <translation>文件未导入：
{errors}</translation>
    </message>
    <message>
        <location filename="../../app/core/errors.py" line="129" />
        <source>{what} must be a whole number: {value}</source>
        <translation>{what}必须是整数：{value}</translation>
    </message>
    <message>
        <location filename="../../app/core/feedback.py" line="19" />
        <source>A rating is 1 to 5 stars.</source>
        <translation>评分为 1 到 5 星。</translation>
    </message>
    <message>
        <location filename="../../app/core/feedback.py" line="22" />
        <source>A comment is at most {limit} characters.</source>
        <translation>留言最多 {limit} 个字符。</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="42" />
        <source>the receipt number is empty</source>
        <translation>小票号为空</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="47" />
        <source>not a date and time: {value} (write it like 2024-05-31T14:30)</source>
        <translation>不是有效的日期时间：{value}（请按 2024-05-31T14:30 的格式填写）</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="54" />
        <source>unknown SKU {sku}</source>
        <translation>未知货号 {sku}</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="55" />
        <source>the quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="57" />
        <source>the quantity must be above zero</source>
        <translation>数量必须大于零</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="62" />
        <source>unknown payment method {method}</source>
        <translation>未知的支付方式 {method}</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="68" />
        <source>the discount is larger than the line</source>
        <translation>折扣大于该行金额</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="75" />
        <source>receipt {receipt} is already on this till</source>
        <translation>小票 {receipt} 已在本收银机上</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="79" />
        <source>Importing sales history needs an owner&apos;s PIN (--pin).</source>
        <translation>导入销售历史需要店主 PIN（--pin）。</translation>
    </message>
    <message>
        <location filename="../../app/core/history.py" line="130" />
        <source>Export sales, stock or customers.</source>
        <translation>请导出销售、库存或顾客。</translation>
    </message>
    <message>
        <location filename="../../app/core/refunds.py" line="55" />
        <source>Receipt {receipt_no} is past the {days}-day return window.</source>
        <translation>小票 {receipt_no} 已超过 {days} 天的退货期限。</translation>
    </message>
    <message>
        <location filename="../../app/core/refunds.py" line="82" />
        <source>Choose at least one line and quantity to refund.</source>
        <translation>请至少选择一行及退款数量。</translation>
    </message>
    <message>
        <location filename="../../app/core/refunds.py" line="99" />
        <source>Line {line_id} is not on receipt {receipt_no}.</source>
        <translation>第 {line_id} 行不在小票 {receipt_no} 上。</translation>
    </message>
    <message>
        <location filename="../../app/core/refunds.py" line="102" />
        <location filename="../../app/core/till.py" line="552" />
        <source>A refund quantity must be above zero.</source>
        <translation>退款数量必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/refunds.py" line="48" />
        <source>Only {left} of {name} can still be refunded on {receipt_no}.</source>
        <translation>小票 {receipt_no} 上的 {name} 最多还能退 {left}。</translation>
    </message>
    <message>
        <location filename="../../app/core/refunds.py" line="165" />
        <source>This refund is more than what is left of the payment.</source>
        <translation>退款金额超过该笔付款的剩余金额。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="77" />
        <source>An order needs at least one line.</source>
        <translation>订单至少需要一行。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="83" />
        <location filename="../../app/core/till.py" line="780" />
        <source>Order quantities must be above zero.</source>
        <translation>订货数量必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="86" />
        <source>Unknown product {product_id}.</source>
        <translation>未知商品 {product_id}。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="88" />
        <source>{name} is the shop&apos;s own product; the platform does not supply it.</source>
        <translation>{name} 是本店自有商品，平台不供货。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="109" />
        <source>No such delivery.</source>
        <translation>没有这批到货。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="111" />
        <source>This delivery was already received.</source>
        <translation>这批到货已经收过了。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="115" />
        <source>Not on this delivery: {skus}.</source>
        <translation>不在这批到货中：{skus}。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="122" />
        <source>{sku}: received and damaged must be zero or more, damaged at most received.</source>
        <translation>{sku}：实收和损坏数不能为负数，损坏数不能超过实收数。</translation>
    </message>
    <message>
        <location filename="../../app/core/replenishment.py" line="128" />
        <source>{sku} is not in this till&apos;s catalog yet; sync first.</source>
        <translation>{sku} 还不在本收银机的商品目录中，请先同步。</translation>
    </message>
    <message>
        <location filename="../../app/core/restore.py" line="69" />
        <source>There is no backup at {path}.</source>
        <translation>{path} 处没有备份。</translation>
    </message>
    <message>
        <location filename="../../app/core/restore.py" line="73" />
        <source>{name} cannot be opened as a backup: {exc}.</source>
        <translation>无法将 {name} 作为备份打开：{exc}。</translation>
    </message>
    <message>
        <location filename="../../app/core/restore.py" line="78" />
        <source>{name} is damaged ({ok}); choose another backup.</source>
        <translation>{name} 已损坏（{ok}），请选择其他备份。</translation>
    </message>
    <message>
        <location filename="../../app/core/restore.py" line="82" />
        <source>{name} is not a Corner till backup.</source>
        <translation>{name} 不是 Corner 收银机的备份。</translation>
    </message>
    <message>
        <location filename="../../app/core/restore.py" line="86" />
        <source>{name} was made by a newer version of Corner; update this till first.</source>
        <translation>{name} 由更新版本的 Corner 生成，请先更新本收银机。</translation>
    </message>
    <message>
        <location filename="../../app/core/restore.py" line="93" />
        <location filename="../../app/core/restore.py" line="163" />
        <source>{name} is not a readable backup: {exc}.</source>
        <translation>{name} 不是可读取的备份：{exc}。</translation>
    </message>
    <message>
        <location filename="../../app/core/restore.py" line="124" />
        <source>That is the till&apos;s live database, not a backup.</source>
        <translation>这是收银机正在使用的数据库，不是备份。</translation>
    </message>
    <message>
        <location filename="../../app/core/restore.py" line="170" />
        <source>That is not the PIN of an owner in this backup.</source>
        <translation>这不是该备份中店主的 PIN。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="27" />
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="27" />
        <source>card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="28" />
        <source>mobile</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="168" />
        <source>The quantity must be above zero.</source>
        <translation>数量必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="170" />
        <location filename="../../app/core/sales.py" line="185" />
        <location filename="../../app/core/till.py" line="375" />
        <source>A quantity of {qty} is too large for one line.</source>
        <translation>数量 {qty} 对一行来说太大了。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="235" />
        <source>Choose how the customer pays.</source>
        <translation>请选择顾客的支付方式。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="239" />
        <source>Unknown tender {method}; use cash, card or mobile.</source>
        <translation>未知的支付方式 {method}，请使用现金、银行卡或移动支付。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="242" />
        <source>A tender amount must be above zero.</source>
        <translation>支付金额必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="247" />
        <source>A {method} payment needs its reference (the terminal&apos;s approval code).</source>
        <translation>{method}付款需要参考号（终端授权码）。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="253" />
        <source>Card and mobile payments are more than the total; card and mobile give no change.</source>
        <translation>银行卡和移动支付的金额超过了总额；银行卡和移动支付不找零。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="265" />
        <source>Not enough: {short} short.</source>
        <translation>金额不足：还差 {short}。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="268" />
        <source>Nothing is left to pay in cash.</source>
        <translation>没有需要用现金支付的余额。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="272" />
        <source>Not enough: {cash_due} still to pay.</source>
        <translation>金额不足：还需支付 {cash_due}。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="309" />
        <source>The cart is empty.</source>
        <translation>购物车是空的。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="312" />
        <source>Discounts are larger than the sale.</source>
        <translation>折扣超过了销售金额。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="326" />
        <source>The customer on this sale no longer exists.</source>
        <translation>这笔销售的顾客已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="336" />
        <source>{name} is no longer in the catalog.</source>
        <translation>{name} 已不在商品目录中。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="47" />
        <source>A PIN is 4 to 8 digits.</source>
        <translation>PIN 为 4 到 8 位数字。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="52" />
        <source>Role must be one of {roles}.</source>
        <translation>角色必须是以下之一：{roles}。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="54" />
        <location filename="../../app/core/staff.py" line="220" />
        <source>A staff member needs a name.</source>
        <translation>员工必须有姓名。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="58" />
        <location filename="../../app/core/staff.py" line="245" />
        <source>That PIN is already used by someone else; choose another.</source>
        <translation>该 PIN 已被他人使用，请换一个。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="68" />
        <location filename="../../app/core/staff.py" line="72" />
        <location filename="../../app/ui/approval.py" line="70" />
        <source>Wrong PIN.</source>
        <translation>PIN 错误。</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="24" />
        <source>spoiled</source>
        <translation>变质</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="25" />
        <source>damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="26" />
        <source>stolen</source>
        <translation>失窃</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="27" />
        <source>past its date</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="28" />
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="30" />
        <source>stock count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="31" />
        <source>opening stock</source>
        <translation>期初库存</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="32" />
        <source>platform delivery</source>
        <translation>平台到货</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="49" />
        <source>{reason}: {note}</source>
        <translation>{reason}：{note}</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="70" />
        <source>Unknown stock movement kind {kind}.</source>
        <translation>未知的库存变动类型 {kind}。</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="131" />
        <source>Write off a quantity above zero.</source>
        <translation>报损数量必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="133" />
        <source>Reason must be one of: {reasons}.</source>
        <translation>原因必须是以下之一：{reasons}。</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="143" />
        <source>Receive a quantity above zero.</source>
        <translation>收货数量必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="151" />
        <source>An adjustment of zero changes nothing.</source>
        <translation>调整为零不会改变任何东西。</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="153" />
        <source>Say why the stock is adjusted.</source>
        <translation>请说明调整库存的原因。</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="180" />
        <source>A counted quantity cannot be negative.</source>
        <translation>实点数量不能为负数。</translation>
    </message>
    <message>
        <location filename="../../app/core/stock.py" line="183" />
        <source>Unknown product {product_id} on the count sheet.</source>
        <translation>盘点表上有未知商品 {product_id}。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="237" />
        <source>Log in with your PIN first.</source>
        <translation>请先用 PIN 登录。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="243" />
        <location filename="../../app/core/till.py" line="966" />
        <source>Only an owner can do this.</source>
        <translation>只有店主可以执行此操作。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="254" />
        <source>An owner must approve: {action}.</source>
        <translation>需要店主授权：{action}。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="257" />
        <source>{name} is not an owner and cannot approve {action}.</source>
        <translation>{name} 不是店主，不能授权{action}。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="309" />
        <source>{sku} is a platform product; only its local price can change here.</source>
        <translation>{sku} 是平台商品，这里只能修改其本店售价。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="320" />
        <source>a local price</source>
        <translation>本店售价</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="335" />
        <source>{sku} is a platform product; the platform&apos;s catalog wins.</source>
        <translation>{sku} 是平台商品，以平台商品目录为准。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="352" />
        <source>{name} is no longer sold.</source>
        <translation>{name} 已停售。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="362" />
        <source>{name} is sold by weight: weigh it, or type the grams.</source>
        <translation>{name} 按重量销售：请称重，或输入克数。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="373" />
        <source>The quantity must be above zero; remove the line instead.</source>
        <translation>数量必须大于零；如不需要请删除该行。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="402" />
        <source>There is no such line in the cart.</source>
        <translation>购物车中没有这一行。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="408" />
        <source>A discount cannot be negative.</source>
        <translation>折扣不能为负数。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="410" />
        <source>A discount cannot be larger than what it applies to.</source>
        <translation>折扣不能超过其适用的金额。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="413" />
        <source>{what} above {limit}%</source>
        <translation>超过 {limit}% 的{what}</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="420" />
        <source>a line discount</source>
        <translation>单品折扣</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="432" />
        <source>a sale discount</source>
        <translation>整单折扣</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="439" />
        <source>a price override</source>
        <translation>改价</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="463" />
        <source>{name}: now {price}, this sale keeps {kept}</source>
        <translation>{name}：现价 {price}，本单仍按 {kept}</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="479" />
        <source>No cash session is open: open one with a float before selling.</source>
        <translation>没有开启的现金班次：销售前请用备用金开班。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="494" />
        <source>There is nothing to park.</source>
        <translation>没有可挂起的内容。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="509" />
        <source>That parked sale was already resumed.</source>
        <translation>该挂单已被取回。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="521" />
        <location filename="../../app/core/till.py" line="535" />
        <location filename="../../app/core/till.py" line="547" />
        <location filename="../../app/core/till.py" line="820" />
        <source>No receipt {receipt_no} on this till.</source>
        <translation>本收银机上没有小票 {receipt_no}。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="543" />
        <source>a refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="555" />
        <source>{key} is not on receipt {receipt_no}.</source>
        <translation>{key} 不在小票 {receipt_no} 上。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="583" />
        <source>a write-off</source>
        <translation>报损</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="592" />
        <source>a stock adjustment</source>
        <translation>库存调整</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="614" />
        <source>posting a stock count</source>
        <translation>提交盘点</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="642" />
        <source>Filter by all, low, out or negative.</source>
        <translation>请按全部、低库存、缺货或负库存筛选。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="775" />
        <source>an order to the platform</source>
        <translation>向平台订货</translation>
    </message>
    <message>
        <location filename="../../app/core/reports.py" line="187" />
        <location filename="../../app/core/till.py" line="845" />
        <source>The period must end after it starts.</source>
        <translation>结束日期必须晚于开始日期。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="941" />
        <source>restoring a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="1013" />
        <source>voiding a sale</source>
        <translation>作废整单</translation>
    </message>
    <message>
        <location filename="../../app/core/reports.py" line="204" />
        <location filename="../../app/core/till.py" line="1176" />
        <source>date: {text} is not a date (write 2026-11-01)</source>
        <translation>日期：{text} 不是日期（请写成 2026-11-01）</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="26" />
        <source>This till is already enrolled. Use a fresh data directory for another till.</source>
        <translation>本收银机已注册。如需注册另一台收银机，请使用新的数据目录。</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="29" />
        <source>{url} is not a web address; it starts with https://</source>
        <translation>{url} 不是网址；网址以 https:// 开头</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="36" />
        <source>The platform refused the code: {exc}</source>
        <translation>平台拒绝了该注册码：{exc}</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="38" />
        <source>Update required: {exc}</source>
        <translation>需要更新：{exc}</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="40" />
        <source>Could not enroll: {exc}</source>
        <translation>无法注册：{exc}</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="56" />
        <source>This till is not enrolled with a platform yet: corner enroll URL CODE</source>
        <translation>本收银机尚未在平台注册：corner enroll URL CODE</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="60" />
        <source>This till&apos;s device token is missing from the keyring; enroll it again.</source>
        <translation>密钥环中缺少本收银机的设备令牌，请重新注册。</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="77" />
        <source>Update required: this till is too old for the platform ({exc}). Nothing queued is lost.</source>
        <translation>需要更新：本收银机版本过旧，平台不再支持（{exc}）。排队中的数据不会丢失。</translation>
    </message>
    <message>
        <location filename="../../app/syncing.py" line="82" />
        <source>Sync failed: {exc}. Sales stay queued and go out next time.</source>
        <translation>同步失败：{exc}。销售会留在队列中，下次发送。</translation>
    </message>
    <message>
        <location filename="../../app/core/money.py" line="27" />
        <source>not an amount: {text} (write it like 12.50)</source>
        <translation>不是有效的金额：{text}（请按 12.50 的格式填写）</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="100" />
        <source>Too many wrong PINs. Try again in {seconds} s.</source>
        <translation>PIN 错误次数过多。请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="132" />
        <source>The two PINs are not the same. Type the new PIN twice again.</source>
        <translation>两次输入的 PIN 不一致。请重新输入两次新 PIN。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="167" />
        <location filename="../../app/core/staff.py" line="318" />
        <source>No such staff member.</source>
        <translation>没有这位员工。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="182" />
        <source>Nobody called {name} works at this till.</source>
        <translation>本收银台没有名叫 {name} 的员工。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="183" />
        <source>More than one person is called {name}; use their id.</source>
        <translation>不止一人名叫 {name}；请使用其编号。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="197" />
        <source>This till already has staff: an owner adds people on the Staff page or with `corner staff add`.</source>
        <translation>本收银台已有员工：请由店主在“员工”页面或用 `corner staff add` 添加人员。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="236" />
        <source>resetting a PIN</source>
        <translation>重设 PIN</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="241" />
        <source>{name} is deactivated and cannot log in.</source>
        <translation>{name} 已停用，无法登录。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="260" />
        <source>You cannot deactivate yourself; another owner can.</source>
        <translation>不能停用自己；可由另一位店主停用。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="263" />
        <source>The shop needs at least one owner.</source>
        <translation>店铺至少需要一位店主。</translation>
    </message>
    <message>
        <location filename="../../app/core/staff.py" line="326" />
        <source>{name} already works here; give another name.</source>
        <translation>{name} 已在本店工作；请换一个名字。</translation>
    </message>
    <message>
        <location filename="../../app/core/till.py" line="117" />
        <source>Unknown time zone {name} (write it like Europe/Paris).</source>
        <translation>未知时区 {name}（请写成 Asia/Shanghai 这样的格式）。</translation>
    </message>
    <message>
        <location filename="../../app/core/reports.py" line="105" />
        <source>line removed</source>
        <translation>删除商品行</translation>
    </message>
    <message>
        <location filename="../../app/core/reports.py" line="106" />
        <source>quantity reduced</source>
        <translation>减少数量</translation>
    </message>
    <message>
        <location filename="../../app/core/reports.py" line="216" />
        <source>A quarter is 1, 2, 3 or 4.</source>
        <translation>季度只能是 1、2、3 或 4。</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="114" />
        <source>Restore the newest backup with: corner --data-dir {dir} restore --latest --pin OWNER_PIN (`corner --data-dir {dir} restore --list` shows them all; see docs/recovery.md).</source>
        <translation>用以下命令恢复最新备份：corner --data-dir {dir} restore --latest --pin 店主PIN（`corner --data-dir {dir} restore --list` 列出全部备份；见 docs/recovery.md）。</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="118" />
        <source>There is no backup in {folder}: put a copy of the till&apos;s file there (or name it) and run corner --data-dir {dir} restore FILE --pin OWNER_PIN (see docs/recovery.md).</source>
        <translation>{folder} 中没有备份：请把收银机文件的副本放到那里（或指明其路径），然后运行 corner --data-dir {dir} restore 文件 --pin 店主PIN（见 docs/recovery.md）。</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="132" />
        <source>{path} is a file, not a folder: give the till&apos;s data folder (or a new name for one).</source>
        <translation>{path} 是一个文件，不是文件夹：请给出收银机的数据文件夹（或一个新文件夹的名称）。</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="141" />
        <source>{path} is not a folder.</source>
        <translation>{path} 不是文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="150" />
        <source>The till&apos;s database {path} is empty, but this folder held a till. Nothing was created. {advice}</source>
        <translation>收银机数据库 {path} 是空的，但这个文件夹曾存放过收银机。未创建任何内容。{advice}</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="153" />
        <source>The till&apos;s database {path} is missing, but this folder held a till ({traces} are still there). Nothing was created. {advice}</source>
        <translation>收银机数据库 {path} 不见了，但这个文件夹曾存放过收银机（{traces} 仍在）。未创建任何内容。{advice}</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="160" />
        <source>The till&apos;s database {path} is damaged ({detail}). Nothing was changed. {advice}</source>
        <translation>收银机数据库 {path} 已损坏（{detail}）。未做任何更改。{advice}</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="341" />
        <source>There is no till in {dir}; run corner --data-dir {dir} enroll URL CODE (or init-demo) to make one, or check the folder&apos;s name.</source>
        <translation>{dir} 中没有收银机；请运行 corner --data-dir {dir} enroll 网址 注册码（或 init-demo）来创建，或检查文件夹名称。</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="347" />
        <source>{path} is not a folder: give the till&apos;s data folder (or a new name for one).</source>
        <translation>{path} 不是文件夹：请给出收银机的数据文件夹（或一个新文件夹的名称）。</translation>
    </message>
    <message>
        <location filename="../../app/core/store/engine.py" line="477" />
        <source>The till cannot write to its database {path} ({exc}): it cannot take a sale. Check that the folder and its files belong to the till&apos;s user and can be written.</source>
        <translation>收银机无法写入其数据库 {path}（{exc}）：无法进行销售。请检查该文件夹及其文件属于收银机的用户并且可写。</translation>
    </message>
    <message>
        <location filename="../../app/core/refunds.py" line="42" />
        <source>{name} on {receipt_no} has already been refunded in full.</source>
        <translation>小票 {receipt_no} 上的 {name} 已全部退款。</translation>
    </message>
    <message>
        <location filename="../../app/core/refunds.py" line="45" />
        <source>Only {left} of {name} can still be refunded on {receipt_no}: {done} already refunded.</source>
        <translation>小票 {receipt_no} 上的 {name} 最多还能退 {left}：已退 {done}。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="154" />
        <source>{text}: put the barcode or SKU before the *.</source>
        <translation>{text}：请在 * 前写条码或 SKU。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="158" />
        <source>{text}: the quantity after * must be a whole number (grams for weighed goods).</source>
        <translation>{text}：* 后的数量必须是整数（称重商品以克计）。</translation>
    </message>
    <message>
        <location filename="../../app/core/sales.py" line="162" />
        <source>{text}: the quantity must be above zero.</source>
        <translation>{text}：数量必须大于零。</translation>
    </message>
    <message>
        <location filename="../../app/core/csvfile.py" line="17" />
        <source>{path} is not a UTF-8 text file; save it as CSV (UTF-8) and try again.</source>
        <translation>{path} 不是 UTF-8 文本文件；请另存为 CSV（UTF-8）后重试。</translation>
    </message>
    <message>
        <location filename="../../app/core/csvfile.py" line="21" />
        <source>No such file: {path}</source>
        <translation>没有这个文件：{path}</translation>
    </message>
    <message>
        <location filename="../../app/core/csvfile.py" line="23" />
        <source>{path} is a folder, not a file.</source>
        <translation>{path} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../../app/core/csvfile.py" line="25" />
        <source>{path} could not be read: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="159" />
        <source>this coupon is already on the sale</source>
        <translation>这张优惠券已在本单中</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="160" />
        <source>this coupon code is not known to this till</source>
        <translation>本收银机不认识这个优惠券代码</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="162" />
        <source>this coupon&apos;s promotion is not known to this till</source>
        <translation>本收银机不认识这张优惠券对应的促销</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="164" />
        <source>this coupon has been withdrawn</source>
        <translation>这张优惠券已被撤回</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="165" />
        <source>this coupon has already been used</source>
        <translation>这张优惠券已被使用过</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="166" />
        <source>this coupon is for a named customer: choose the customer first</source>
        <translation>这张优惠券属于指定顾客：请先选择顾客</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="168" />
        <source>this coupon belongs to another customer</source>
        <translation>这张优惠券属于另一位顾客</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="169" />
        <source>this coupon&apos;s promotion applies without a coupon</source>
        <translation>这张优惠券对应的促销无需优惠券即可享受</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="171" />
        <source>this coupon&apos;s promotion is not running now</source>
        <translation>这张优惠券对应的促销目前未进行</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="173" />
        <source>another coupon for the same promotion is already on the sale</source>
        <translation>同一促销的另一张优惠券已在本单中</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="175" />
        <source>a better promotion already applies to these goods</source>
        <translation>这些商品已享受更优惠的促销</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="177" />
        <source>nothing on the sale qualifies for this coupon&apos;s promotion</source>
        <translation>本单中没有符合这张优惠券促销条件的商品</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="187" />
        <source>its promotion is not running</source>
        <translation>其促销未在进行</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="191" />
        <source>this coupon expired on {when}</source>
        <translation>这张优惠券已于 {when} 过期</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="193" />
        <source>the goods it applies to come to {base}, below the {threshold} this coupon needs</source>
        <translation>适用商品合计 {base}，低于这张优惠券要求的 {threshold}</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="401" />
        <source>{code} is not a coupon code (4 to 32 letters, digits or dashes).</source>
        <translation>{code} 不是优惠券代码（4 到 32 个字母、数字或短横线）。</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="406" />
        <source>Coupon {code} is not known on this till (it may not have synced yet).</source>
        <translation>本收银机不认识优惠券 {code}（可能尚未同步）。</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="409" />
        <source>Coupon {code} is already on this sale.</source>
        <translation>优惠券 {code} 已在本笔销售中。</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="414" />
        <source>Coupon {code} has already been used, on receipt {receipt_no}.</source>
        <translation>优惠券 {code} 已被使用，见小票 {receipt_no}。</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="418" />
        <source>Coupon {code} has been withdrawn.</source>
        <translation>优惠券 {code} 已被撤回。</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="420" />
        <source>Coupon {code} expired on {date}.</source>
        <translation>优惠券 {code} 已于 {date} 过期。</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="423" />
        <source>Coupon {code} belongs to one customer: add that customer to the sale first.</source>
        <translation>优惠券 {code} 属于某位顾客：请先将该顾客加入本笔销售。</translation>
    </message>
    <message>
        <location filename="../../app/core/promotions.py" line="428" />
        <source>Coupon {code} cannot be used: {reason}</source>
        <translation>优惠券 {code} 无法使用：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/peers.py" line="128" />
        <source>A peer secret is 32 to 128 hexadecimal characters (corner peers secret on another till shows it).</source>
        <translation>对等密钥为 32 到 128 个十六进制字符（在另一台收银机上运行 corner peers secret 可查看）。</translation>
    </message>
    <message>
        <location filename="../../app/core/peers.py" line="137" />
        <source>{address} is not HOST:PORT (for example 192.168.1.20:8765).</source>
        <translation>{address} 不是 主机:端口 格式（例如 192.168.1.20:8765）。</translation>
    </message>
    <message>
        <location filename="../../app/core/peers.py" line="470" />
        <source>The keyring refused to store the peer secret: {exc}</source>
        <translation>密钥环拒绝保存对等密钥：{exc}</translation>
    </message>
    <message>
        <location filename="../../app/core/peers.py" line="487" />
        <source>A port is a number from 1 to 65535.</source>
        <translation>端口是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <location filename="../../app/core/peers.py" line="597" />
        <source>Say what was done about it, in 1 to {n} characters.</source>
        <translation>请说明做了什么处理（1 到 {n} 个字符）。</translation>
    </message>
    <message>
        <location filename="../../app/core/peers.py" line="602" />
        <location filename="../../app/core/peers.py" line="615" />
        <source>No such conflict.</source>
        <translation>没有这个冲突。</translation>
    </message>
    <message>
        <location filename="../../app/core/peers.py" line="604" />
        <source>This conflict is already settled.</source>
        <translation>此冲突已处理。</translation>
    </message>
</context>
<context>
    <name>CountModel</name>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="437" />
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="437" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="438" />
        <source>On the books</source>
        <translation>账面</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="438" />
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="439" />
        <source>Difference</source>
        <translation>差异</translation>
    </message>
</context>
<context>
    <name>CountPage</name>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="24" />
        <source>Start sheet</source>
        <translation>新建盘点表</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="26" />
        <source>Scan or type a barcode / SKU, then Enter: adds one</source>
        <translation>扫描或输入条码 / 货号，按回车：数量加一</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="27" />
        <source>Show only what was counted</source>
        <translation>只显示已盘点的商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="36" />
        <source>Note for the ledger, e.g. “shelf 3 after delivery”</source>
        <translation>台账备注，例如“到货后盘点 3 号货架”</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="37" />
        <source>Review differences</source>
        <translation>查看差异</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="38" />
        <source>Post count…</source>
        <translation>提交盘点…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="39" />
        <source>Clear sheet</source>
        <translation>清空盘点表</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="43" />
        <source>Count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="78" />
        <source>Scan as you go (any product)</source>
        <translation>边扫边盘（任意商品）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="80" />
        <source>Category: {name}</source>
        <translation>品类：{name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="90" />
        <source>{n} products on the sheet. Only the lines you count are posted.</source>
        <translation>盘点表上有 {n} 种商品。只提交已盘点的行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="91" />
        <source>Scan products to count them.</source>
        <translation>扫描商品进行盘点。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="108" />
        <source>{name}: {qty} counted</source>
        <translation>{name}：已盘 {qty}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="122" />
        <source>{counted} of {total} lines counted; {differ} differ from the books.</source>
        <translation>已盘点 {counted}/{total} 行；{differ} 行与账面不符。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="135" />
        <source>Nothing is counted yet: type or scan quantities first.</source>
        <translation>尚未盘点任何商品：请先输入或扫描数量。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="146" />
        <source>{n} of {m} counted lines differ. Post the count to correct the books.</source>
        <translation>已盘点的 {m} 行中有 {n} 行存在差异。提交盘点以更正账面库存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="147" />
        <source>Every counted line matches the books.</source>
        <translation>已盘点的各行均与账面相符。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="155" />
        <source>Post a count of {m} products? {n} stock levels change:</source>
        <translation>提交 {m} 种商品的盘点？将有 {n} 项库存发生变化：</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="159" />
        <source>…and {n} more.</source>
        <translation>……另有 {n} 项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="160" />
        <source>Post stock count</source>
        <translation>提交库存盘点</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="160" />
        <source>Post count</source>
        <translation>提交盘点</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/count_page.py" line="171" />
        <source>Count posted: {n} adjustments.</source>
        <translation>盘点已提交：{n} 项调整。</translation>
    </message>
</context>
<context>
    <name>CounterFeedbackDialog</name>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="129" />
        <source>Record counter feedback</source>
        <translation>记录柜台评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="132" />
        <source>{n} of 5</source>
        <translation>{n} / 5</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="134" />
        <source>What the customer said, in their words</source>
        <translation>顾客的原话</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="137" />
        <source>optional, e.g. S001-1-000123</source>
        <translation>可选，例如 S001-1-000123</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="138" />
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="139" />
        <source>Comment</source>
        <translation>留言</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="140" />
        <source>Receipt number</source>
        <translation>小票号</translation>
    </message>
</context>
<context>
    <name>CouponDialog</name>
    <message>
        <location filename="../../app/ui/sell/coupon.py" line="22" />
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/coupon.py" line="30" />
        <source>Apply</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/coupon.py" line="34" />
        <source>Type the code printed on the coupon:</source>
        <translation>输入优惠券上印的代码：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/coupon.py" line="44" />
        <source>Type the coupon&apos;s code first.</source>
        <translation>请先输入优惠券代码。</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="45" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="46" />
        <source>Phone or name</source>
        <translation>电话或姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="55" />
        <source>New customer</source>
        <translation>新顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="59" />
        <source>Agrees to hear about offers</source>
        <translation>同意接收优惠信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="60" />
        <source>Agrees to share details with the platform (loyalty across the network)</source>
        <translation>同意与平台共享信息（全网积分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="62" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="63" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="64" />
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="67" />
        <source>Add and attach</source>
        <translation>添加并关联</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="73" />
        <source>Take customer off the sale</source>
        <translation>取消关联顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="76" />
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="83" />
        <source>Find: type a phone number or a name, ↓ to choose, Enter to attach.</source>
        <translation>查找：输入电话或姓名，↓ 选择，回车关联。</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="21" />
        <source>Search name or phone</source>
        <translation>搜索姓名或电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="23" />
        <location filename="../../app/ui/backoffice/customers_page.py" line="153" />
        <source>New customer</source>
        <translation>新顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="25" />
        <location filename="../../app/ui/backoffice/customers_page.py" line="51" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="25" />
        <location filename="../../app/ui/backoffice/customers_page.py" line="52" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="25" />
        <location filename="../../app/ui/backoffice/customers_page.py" line="53" />
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="25" />
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="26" />
        <source>Shared</source>
        <translation>共享</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="26" />
        <location filename="../../app/ui/backoffice/customers_page.py" line="60" />
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="45" />
        <source>May receive offers and news (marketing)</source>
        <translation>可接收优惠和资讯（营销）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="46" />
        <source>Share details with the platform (digital receipts, network loyalty)</source>
        <translation>与平台共享信息（电子小票、全网积分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="47" />
        <source>Without this, the customer&apos;s details never leave the shop.</source>
        <translation>未勾选时，顾客信息绝不会离开本店。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="48" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="54" />
        <source>Consent</source>
        <translation>授权同意</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="60" />
        <location filename="../../app/ui/backoffice/customers_page.py" line="62" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="60" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="61" />
        <location filename="../../app/ui/backoffice/customers_page.py" line="62" />
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="62" />
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="63" />
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="66" />
        <source>Purchases</source>
        <translation>购买记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="66" />
        <source>Loyalty points</source>
        <translation>会员积分</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="145" />
        <source>Loyalty balance: &lt;b&gt;{points}&lt;/b&gt; points</source>
        <translation>积分余额：&lt;b&gt;{points}&lt;/b&gt; 分</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/customers_page.py" line="171" />
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="123" />
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="123" />
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="124" />
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="124" />
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="125" />
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="125" />
        <source>Chosen dates</source>
        <translation>自选日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="129" />
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="130" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="131" />
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="132" />
        <source>The report on screen; from the overview, every report into a folder</source>
        <translation>导出当前报表；在“概览”中则将所有报表导出到一个文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="133" />
        <source>The report on screen; from the overview, every report in one PDF</source>
        <translation>导出当前报表；在“概览”中则将所有报表导出为一个 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="136" />
        <source>Sales (incl. VAT)</source>
        <translation>销售额（含增值税）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="136" />
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="198" />
        <source>Receipts</source>
        <translation>小票数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="137" />
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="204" />
        <source>Average basket</source>
        <translation>客单价</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="137" />
        <source>Margin (excl. VAT)</source>
        <translation>毛利（不含增值税）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="138" />
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="146" />
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="149" />
        <source>Removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="158" />
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="160" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="191" />
        <source>Sales by day</source>
        <translation>每日销售</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="191" />
        <source>Sales by hour</source>
        <translation>分时段销售</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="192" />
        <source>Top sellers</source>
        <translation>畅销商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="192" />
        <source>Slow sellers</source>
        <translation>滞销商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="193" />
        <source>Margin by category</source>
        <translation>品类毛利</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="193" />
        <source>Tender mix</source>
        <translation>支付方式构成</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="194" />
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="194" />
        <source>Low stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="195" />
        <source>Network benchmarks</source>
        <translation>同行对标</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="198" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="198" />
        <source>Hour</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="199" />
        <source>Revenue</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="199" />
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="199" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="200" />
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="200" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="200" />
        <source>Sold</source>
        <translation>销量</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="201" />
        <source>Margin</source>
        <translation>毛利</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="201" />
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="204" />
        <source>In stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="201" />
        <source>Excl. VAT</source>
        <translation>不含增值税</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="202" />
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="202" />
        <source>Margin %</source>
        <translation>毛利率 %</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="202" />
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="203" />
        <source>Payments</source>
        <translation>笔数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="203" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="203" />
        <source>Staff member</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="205" />
        <source>Reorder at</source>
        <translation>补货点</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="205" />
        <source>Key</source>
        <translation>指标代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="205" />
        <source>Benchmark</source>
        <translation>对标指标</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="149" />
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="206" />
        <source>Network</source>
        <translation>同行</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="206" />
        <source>This shop</source>
        <translation>本店</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="206" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="244" />
        <source>Working out the figures…</source>
        <translation>正在计算数据…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="271" />
        <source>No network benchmarks yet: the platform sends them when the till syncs.</source>
        <translation>暂无同行对标数据：收银机同步时由平台发送。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="272" />
        <source>Nothing is low on stock.</source>
        <translation>没有库存不足的商品。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="273" />
        <source>Nothing is on the shelf unsold.</source>
        <translation>货架上没有滞销商品。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="278" />
        <source>No sales in this range.</source>
        <translation>此期间没有销售。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="281" />
        <source>{start} – {end}: {n} receipts.</source>
        <translation>{start} – {end}：{n} 张小票。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="296" />
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="330" />
        <source>Show the figures first.</source>
        <translation>请先查看数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="302" />
        <source>Export report as CSV</source>
        <translation>将报表导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="303" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="305" />
        <source>Folder for the CSV reports</source>
        <translation>CSV 报表的保存文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="324" />
        <source>Exported {n} report(s) to {where}.</source>
        <translation>已将 {n} 份报表导出到 {where}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="326" />
        <source>Exporting CSV…</source>
        <translation>正在导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="335" />
        <source>Export as PDF</source>
        <translation>导出为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="335" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="342" />
        <source>{shop}, {start} – {end}</source>
        <translation>{shop}，{start} – {end}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="352" />
        <source>Corner report</source>
        <translation>Corner 报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="358" />
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="360" />
        <source>Writing PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="195" />
        <source>Removed at the counter</source>
        <translation>收银台删除记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="207" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="207" />
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="207" />
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="274" />
        <source>Nothing was taken off a cart in this range.</source>
        <translation>此期间没有从购物车删除商品。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="148" />
        <source>By day</source>
        <translation>每日销售</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="148" />
        <source>By hour</source>
        <translation>分时段销售</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="148" />
        <source>Margins</source>
        <translation>品类毛利</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="251" />
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="252" />
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln 件商品</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="255" />
        <source>%n refund(s)</source>
        <translation>
            <numerusform>%n 笔退款</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="34" />
        <source>{n} bytes</source>
        <translation>{n} 字节</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="53" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="54" />
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="55" />
        <source>Restore selected…</source>
        <translation>恢复所选备份…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="56" />
        <source>Made</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="56" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="56" />
        <source>Sales</source>
        <translation>销售笔数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="57" />
        <source>Last sale</source>
        <translation>最后一笔销售</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="57" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="64" />
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="77" />
        <source>Import and export (CSV)</source>
        <translation>导入与导出（CSV）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="79" />
        <source>Import local products…</source>
        <translation>导入本店商品…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="80" />
        <source>Import sales history…</source>
        <translation>导入历史销售…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="82" />
        <source>Export sales…</source>
        <translation>导出销售…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="82" />
        <source>Export stock…</source>
        <translation>导出库存…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="83" />
        <source>Export customers…</source>
        <translation>导出顾客…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="111" />
        <source>Backups are kept in &lt;b&gt;{folder}&lt;/b&gt;. Copy them to a USB stick or another computer now and then.</source>
        <translation>备份保存在 &lt;b&gt;{folder}&lt;/b&gt;。请定期将备份复制到 U 盘或其他电脑。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="113" />
        <source>made by hand</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="113" />
        <source>automatic</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="114" />
        <source>before an update</source>
        <translation>更新前备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="114" />
        <source>before a restore</source>
        <translation>恢复前备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="129" />
        <source>Backed up to {path}.</source>
        <translation>已备份到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="130" />
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="135" />
        <source>Choose the backup to restore in the list.</source>
        <translation>请在列表中选择要恢复的备份。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="142" />
        <source>Restore the backup made on {made}?

This replaces ALL of this till&apos;s data: today it holds {sales_now} sales; the backup holds {sales} (last sale {last}). Sales, stock movements, counts and customer changes recorded after {made} will no longer be on this till.

A safety copy of the current data is saved in {folder} first, so this can be undone by restoring it.</source>
        <translation>要恢复 {made} 的备份吗？

这将替换本收银机的全部数据：目前共有 {sales_now} 笔销售；该备份中有 {sales} 笔（最后一笔销售于 {last}）。{made} 之后记录的销售、库存变动、盘点和顾客信息变更将不再保留在本收银机上。

恢复前会先将当前数据的安全副本保存到 {folder}，如需撤销，恢复该副本即可。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="148" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="152" />
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="152" />
        <source>Replace my data</source>
        <translation>替换我的数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="166" />
        <source>Restored the backup of {made}. The data before it is in {copy}.</source>
        <translation>已恢复 {made} 的备份。恢复前的数据保存在 {copy}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="170" />
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="175" />
        <source>CSV file to import</source>
        <translation>要导入的 CSV 文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="175" />
        <location filename="../../app/ui/backoffice/data_page.py" line="194" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="187" />
        <source>Imported {n} products.</source>
        <translation>已导入 {n} 种商品。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="188" />
        <source>Imported {n} receipts of history.</source>
        <translation>已导入 {n} 张历史小票。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="190" />
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="194" />
        <source>Export to CSV</source>
        <translation>导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="219" />
        <source>Exported {n} rows to {path}.</source>
        <translation>已将 {n} 行导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="221" />
        <source>Exporting {what}…</source>
        <translation>正在导出 {what}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/data_page.py" line="157" />
        <source>An owner must approve restoring a backup.</source>
        <translation>恢复备份需要店主授权。</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <location filename="../../app/ui/i18n.py" line="71" />
        <source>d MMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <location filename="../../app/ui/i18n.py" line="76" />
        <source>d MMM yyyy, HH:mm</source>
        <translation>yyyy年M月d日 HH:mm</translation>
    </message>
    <message>
        <location filename="../../app/ui/i18n.py" line="81" />
        <source>d MMM HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <location filename="../../app/ui/i18n.py" line="102" />
        <source>dd MMM yyyy</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <location filename="../../app/ui/i18n.py" line="107" />
        <source>MMM yy</source>
        <translation>yy年M月</translation>
    </message>
    <message>
        <location filename="../../app/ui/i18n.py" line="108" />
        <source>d MMM</source>
        <translation>M月d日</translation>
    </message>
</context>
<context>
    <name>DeliveriesPage</name>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="163" />
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="190" />
        <source>Shipped</source>
        <translation>发货数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="163" />
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="191" />
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="164" />
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="191" />
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="164" />
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="165" />
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="193" />
        <source>Value at cost</source>
        <translation>成本金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="181" />
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="278" />
        <source>Choose a delivery on the left.</source>
        <translation>请在左侧选择一批到货。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="183" />
        <source>Scan a product, then Enter: one more received</source>
        <translation>扫描商品后按回车：实收加一</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="184" />
        <source>Count from zero</source>
        <translation>从零清点</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="185" />
        <source>Set every line to 0 received, then scan each item as you unpack.</source>
        <translation>把每行实收设为 0，拆箱时逐件扫描。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="188" />
        <source>Confirm receipt…</source>
        <translation>确认收货…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="190" />
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="223" />
        <source>Received</source>
        <translation>实收</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="192" />
        <source>Units shipped</source>
        <translation>发货件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="192" />
        <source>Put on the shelf</source>
        <translation>上架数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="202" />
        <source>Waiting to be received</source>
        <translation>待收货</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="205" />
        <source>Count sheet</source>
        <translation>清点单</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="259" />
        <source>No deliveries are waiting. Shipments from the platform appear here after a sync.</source>
        <translation>没有待收的到货。同步后，平台发出的货会出现在这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="273" />
        <source>&lt;b&gt;Delivery shipped {when}&lt;/b&gt; — {n} lines. Received starts at what was shipped; correct what differs.</source>
        <translation>&lt;b&gt;发货时间 {when}&lt;/b&gt; — 共 {n} 行。实收默认等于发货数；有出入的请更正。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="285" />
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="349" />
        <source>Choose the delivery you are unpacking first.</source>
        <translation>请先选择正在拆箱的那批到货。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="292" />
        <source>{name} is not on this delivery. Put it aside and tell the platform.</source>
        <translation>{name} 不在这批到货里。请放在一边并告知平台。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="298" />
        <source>{name}: {received} of {shipped} received.</source>
        <translation>{name}：已收 {received} / 发货 {shipped}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="310" />
        <source>Every line is at 0: scan each item as you unpack it.</source>
        <translation>每行都已归零：拆箱时逐件扫描。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="319" />
        <source>{n} short</source>
        <translation>短少 {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="321" />
        <source>{n} more than shipped</source>
        <translation>多出 {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="323" />
        <source>{n} damaged</source>
        <translation>损坏 {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="339" />
        <source>Differences: {list}. {good} units go on the shelf.</source>
        <translation>差异：{list}。{good} 件上架。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="343" />
        <source>Everything arrived as shipped: {good} units go on the shelf.</source>
        <translation>全部按发货数到齐：{good} 件上架。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="353" />
        <source>Receive this delivery? {good} units go on the shelf at wholesale cost.</source>
        <translation>确认收下这批货？{good} 件按批发成本上架。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="355" />
        <source>These differences are reported to the platform:</source>
        <translation>以下差异将报告给平台：</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="357" />
        <source>Receive delivery</source>
        <translation>收货</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="357" />
        <source>Receive</source>
        <translation>收货</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="365" />
        <source>Received: {good} units are on the shelf. The counts go to the platform with the next sync.</source>
        <translation>已收货：{good} 件已上架。清点结果将在下次同步时发送给平台。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="367" />
        <source>{n} differences reported.</source>
        <translation>已报告 {n} 处差异。</translation>
    </message>
</context>
<context>
    <name>DocDialog</name>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="87" />
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="93" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="96" />
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="98" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="119" />
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="126" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="128" />
        <source>Could not save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="22" />
        <source>Connect this till to the platform</source>
        <translation>将本收银机连接到平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="23" />
        <source>Your platform gave you a web address and a one-time enrollment code for this shop. The till works offline too: you can connect it later with `corner enroll URL CODE`.</source>
        <translation>平台已为本店提供一个网址和一次性注册码。收银机也可离线使用：之后可以用 `corner enroll URL CODE` 连接。</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="29" />
        <source>Till at the front counter</source>
        <translation>前台收银机</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="31" />
        <source>Platform address</source>
        <translation>平台地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="32" />
        <source>Enrollment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="33" />
        <source>Name of this till</source>
        <translation>本收银机名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="38" />
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="39" />
        <source>Work offline for now</source>
        <translation>暂时离线使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="54" />
        <source>Enter the platform&apos;s address and the enrollment code.</source>
        <translation>请输入平台地址和注册码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="72" />
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../app/ui/enroll/__init__.py" line="81" />
        <source>Could not connect: {error}</source>
        <translation>无法连接：{error}</translation>
    </message>
</context>
<context>
    <name>FeedbackModel</name>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="45" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="45" />
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="46" />
        <source>Comment</source>
        <translation>留言</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="46" />
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="47" />
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="48" />
        <source>at the counter</source>
        <translation>收银台</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="49" />
        <source>receipt page</source>
        <translation>电子小票页面</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="90" />
        <source>{n} of 5 stars</source>
        <translation>{n}/5 星</translation>
    </message>
</context>
<context>
    <name>FeedbackPage</name>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="167" />
        <source>Unread only</source>
        <translation>只看未读</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="168" />
        <source>Mark selected read</source>
        <translation>所选标为已读</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="169" />
        <source>Mark all read</source>
        <translation>全部标为已读</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="170" />
        <source>Record counter feedback…</source>
        <translation>记录柜台评价…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="207" />
        <source>{unread} unread · {n} in all · average {avg:.1f} ★</source>
        <translation>未读 {unread} · 共 {n} 条 · 平均 {avg:.1f} ★</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="210" />
        <source>No feedback yet. Customers can leave it on their digital receipt, or tell you at the counter.</source>
        <translation>暂无评价。顾客可以在电子小票上留言，或在柜台告诉您。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="223" />
        <source>receipt {no}</source>
        <translation>小票 {no}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="223" />
        <source>no receipt</source>
        <translation>无小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="225" />
        <source>(no comment)</source>
        <translation>（无留言）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="236" />
        <source>{n} marked read.</source>
        <translation>已将 {n} 条标为已读。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="242" />
        <source>All feedback is marked read.</source>
        <translation>所有评价均已标为已读。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/feedback_page.py" line="255" />
        <source>Feedback recorded: {stars}. It goes to the platform with the next sync.</source>
        <translation>评价已记录：{stars}。将在下次同步时发送给平台。</translation>
    </message>
</context>
<context>
    <name>FirstRunForm</name>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="28" />
        <source>Welcome to Corner</source>
        <translation>欢迎使用 Corner</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="29" />
        <source>Nobody works at this till yet. First, the owner: the person who adds the staff, approves refunds and opens the back office.</source>
        <translation>本收银台还没有员工。首先创建店主：由店主添加员工、批准退款并打开后台。</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="32" />
        <source>Your name, as receipts show it</source>
        <translation>您的名字（显示在小票上）</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="34" />
        <source>4 to 8 digits</source>
        <translation>4 到 8 位数字</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="37" />
        <source>Owner&apos;s name</source>
        <translation>店主姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="38" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="39" />
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="40" />
        <source>Create the owner</source>
        <translation>创建店主</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/first_run.py" line="71" />
        <source>Type the owner&apos;s name.</source>
        <translation>请输入店主姓名。</translation>
    </message>
</context>
<context>
    <name>JobBar</name>
    <message>
        <location filename="../../app/ui/backoffice/common.py" line="264" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/common.py" line="281" />
        <source>Wait for “{job}” to finish, or cancel it.</source>
        <translation>请等待“{job}”完成，或取消它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/common.py" line="287" />
        <source>This job is one transaction: it finishes or changes nothing.</source>
        <translation>此任务是一个整体事务：要么全部完成，要么不做任何更改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/common.py" line="305" />
        <source>Cancelled: {job}.</source>
        <translation>已取消：{job}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/common.py" line="324" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>LocalProductDialog</name>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="129" />
        <source>New local product</source>
        <translation>新建本店商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="136" />
        <source>each</source>
        <translation>按件</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="137" />
        <source>per kg</source>
        <translation>按公斤</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="147" />
        <source>optional EAN-13</source>
        <translation>可选，EAN-13</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="148" />
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="148" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="149" />
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="149" />
        <source>Sold</source>
        <translation>销售方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="150" />
        <source>VAT</source>
        <translation>增值税</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="150" />
        <source>Price</source>
        <translation>售价</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="151" />
        <source>Your cost</source>
        <translation>进价</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="151" />
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="160" />
        <source>Write amounts like 2.50.</source>
        <translation>请按 2.50 的格式输入金额。</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="97" />
        <source>Locked by {name}. Type your PIN to go on; another PIN switches user.</source>
        <translation>已由 {name} 锁定。输入 PIN 继续；输入其他人的 PIN 切换用户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="98" />
        <source>Type your PIN and press Enter.</source>
        <translation>请输入 PIN 并按回车。</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="128" />
        <source>Wrong PIN. Try again.</source>
        <translation>PIN 错误，请重试。</translation>
    </message>
</context>
<context>
    <name>OrderModel</name>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="55" />
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="55" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="56" />
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="56" />
        <source>On order</source>
        <translation>在途</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="57" />
        <source>Sold a day</source>
        <translation>日均销量</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="57" />
        <source>Suggested</source>
        <translation>建议</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="58" />
        <source>Pack</source>
        <translation>每箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="58" />
        <source>Order</source>
        <translation>订货量</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="132" />
        <source>Comes in packs of {pack}: {down} or {up}.</source>
        <translation>按每箱 {pack} 件供货：可订 {down} 或 {up}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="134" />
        <source>Comes in packs of {pack}.</source>
        <translation>按每箱 {pack} 件供货。</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="183" />
        <source>Scan a barcode, or type a SKU or name, then Enter: adds the product</source>
        <translation>扫描条码，或输入货号或名称后按回车：添加商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="191" />
        <source>Suggest again</source>
        <translation>重新建议</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="192" />
        <source>Round up to packs</source>
        <translation>按整箱取整</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="193" />
        <source>Remove line</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="195" />
        <source>Note for the platform, e.g. “deliver before 9”</source>
        <translation>给平台的备注，例如“9 点前送达”</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="196" />
        <source>Place order…</source>
        <translation>下单…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="200" />
        <source>Placed</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="200" />
        <source>Ref</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="200" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="201" />
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="201" />
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="202" />
        <source>By</source>
        <translation>下单人</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="202" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="202" />
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="212" />
        <source>Next order</source>
        <translation>下一张订单</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="228" />
        <source>Orders placed</source>
        <translation>已下订单</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="254" />
        <source>placed, not shipped yet</source>
        <translation>已下单，尚未发货</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="254" />
        <source>shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="255" />
        <source>received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="267" />
        <source>{n} products suggested from the last four weeks of sales and what is on the shelf. Change any quantity; 0 leaves the line out.</source>
        <translation>根据最近四周的销量和现有库存建议了 {n} 种商品。可修改任意数量；填 0 则不订该行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="269" />
        <source>Nothing needs ordering now. Add products by scanning or searching.</source>
        <translation>目前无需订货。可扫描或搜索添加商品。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="272" />
        <source>Working out the suggested order…</source>
        <translation>正在计算建议订货…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="280" />
        <source>{lines} lines, {units} units to order.</source>
        <translation>共 {lines} 行，订 {units} 件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="282" />
        <source>{n} not in whole packs.</source>
        <translation>{n} 行不是整箱。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="315" />
        <source>Several products match “{text}”: pick one from the list as you type.</source>
        <translation>有多个商品匹配“{text}”：请在输入时从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="318" />
        <source>No platform product matches “{text}”.</source>
        <translation>没有平台商品匹配“{text}”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="325" />
        <source>{name} is the shop&apos;s own product; the platform does not supply it.</source>
        <translation>{name} 是本店自有商品，平台不供货。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="336" />
        <source>{name}: {qty} to order.</source>
        <translation>{name}：订 {qty}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="346" />
        <source>Choose the line to remove in the list.</source>
        <translation>请在列表中选择要删除的行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="350" />
        <source>Removed {name} from the order.</source>
        <translation>已从订单中删除 {name}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="354" />
        <source>{n} lines rounded up to whole packs.</source>
        <translation>已将 {n} 行取整为整箱。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="362" />
        <source>The order is empty: set a quantity above 0 on at least one line.</source>
        <translation>订单为空：请至少为一行填写大于 0 的数量。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="368" />
        <source>Not placed: no owner approved.</source>
        <translation>未下单：没有店主批准。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/orders_page.py" line="373" />
        <source>Order placed: {lines} lines, {units} units. It goes to the platform with the next sync; while the till is offline it waits, nothing is lost.</source>
        <translation>已下单：{lines} 行，{units} 件。将在下次同步时发送给平台；收银机离线时订单会等待，不会丢失。</translation>
    </message>
</context>
<context>
    <name>ParkedDialog</name>
    <message>
        <location filename="../../app/ui/sell/parked.py" line="14" />
        <source>Resume a parked sale</source>
        <translation>恢复挂单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/parked.py" line="23" />
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/parked.py" line="27" />
        <source>↑/↓ to choose, Enter to resume.</source>
        <translation>↑/↓ 选择，回车恢复。</translation>
    </message>
</context>
<context>
    <name>PdfTarget</name>
    <message>
        <location filename="../../app/ui/printing.py" line="65" />
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
</context>
<context>
    <name>PeerConflictsBox</name>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="46" />
        <source>Conflicts between tills</source>
        <translation>收银机之间的冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="50" />
        <source>Show the settled ones too</source>
        <translation>也显示已处理的</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="51" />
        <source>Settle…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="53" />
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="53" />
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="53" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="72" />
        <source>Receipt {receipt}: {item} refunded {refunded} times but sold {sold} (refunded at two tills apart)</source>
        <translation>小票 {receipt}：{item} 售出 {sold}，却退了 {refunded}（两台收银机分开时各自退款）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="77" />
        <source>{customer}: loyalty points at {balance} (spent at two tills apart)</source>
        <translation>{customer}：积分为 {balance}（两台收银机分开时各自使用）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="83" />
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="85" />
        <source>By {name}: {note}</source>
        <translation>{name} 处理：{note}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="86" />
        <source>Marked as looked at</source>
        <translation>已标记为已查看</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="95" />
        <source>%n conflict(s) wait for you: two tills did this while they could not see each other.</source>
        <translation>
            <numerusform>%n 个冲突等待您处理：两台收银机在互不可见时造成的。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="96" />
        <source>No conflict between tills waits for you.</source>
        <translation>没有等待处理的收银机冲突。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="124" />
        <source>Settled: {what}</source>
        <translation>已处理：{what}</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="29" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="29" />
        <source>Enter</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>PriceDialog</name>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="87" />
        <source>Local price</source>
        <translation>本店售价</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="89" />
        <source>The platform recommends {price}; your price must be between {low} and {high}.</source>
        <translation>平台建议售价 {price}；您的售价须在 {low} 至 {high} 之间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="91" />
        <location filename="../../app/ui/backoffice/dialogs.py" line="92" />
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="98" />
        <source>Use the platform&apos;s recommended price</source>
        <translation>使用平台建议售价</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="103" />
        <source>Your price</source>
        <translation>您的售价</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="114" />
        <source>Write the price like 12.50.</source>
        <translation>请按 12.50 的格式输入价格。</translation>
    </message>
</context>
<context>
    <name>PrintService</name>
    <message>
        <location filename="../../app/ui/printing.py" line="47" />
        <source>The printer did not answer. Check it is on and connected.</source>
        <translation>打印机没有响应。请检查打印机已开机并已连接。</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <location filename="../../app/devices/paper.py" line="135" />
        <source>No system printer is set up; add one in the computer&apos;s settings or choose another printer.</source>
        <translation>尚未设置系统打印机；请在电脑设置中添加打印机，或选择其他打印机。</translation>
    </message>
    <message>
        <location filename="../../app/devices/paper.py" line="139" />
        <source>The system printer could not be opened; check it is on and connected.</source>
        <translation>无法打开系统打印机；请检查打印机已开机并已连接。</translation>
    </message>
    <message>
        <location filename="../../app/devices/printers.py" line="58" />
        <source>Set the printer&apos;s network address in Settings.</source>
        <translation>请在“设置”中填写打印机的网络地址。</translation>
    </message>
    <message>
        <location filename="../../app/devices/printers.py" line="65" />
        <source>Write the USB printer as VENDOR:PRODUCT in hex, e.g. 04b8:0202.</source>
        <translation>USB 打印机请按 厂商ID:产品ID（十六进制）填写，例如 04b8:0202。</translation>
    </message>
    <message>
        <location filename="../../app/devices/printers.py" line="70" />
        <source>The printer kind “{kind}” does not speak ESC/POS.</source>
        <translation>打印机类型“{kind}”不支持 ESC/POS。</translation>
    </message>
    <message>
        <location filename="../../app/devices/printers.py" line="130" />
        <source>The receipt printer did not print. Check it is on, has paper, and that Settings has the right connection.</source>
        <translation>小票打印机未能打印。请检查打印机已开机、有纸，并且“设置”中的连接正确。</translation>
    </message>
    <message>
        <location filename="../../app/devices/printers.py" line="145" />
        <source>The cash drawer did not open; open it with its key.</source>
        <translation>钱箱没有打开；请用钥匙打开。</translation>
    </message>
</context>
<context>
    <name>ProductGrid</name>
    <message>
        <location filename="../../app/ui/sell/grid.py" line="136" />
        <source>Favourites</source>
        <translation>常用</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/grid.py" line="178" />
        <source>Your best sellers appear here as the shop sells. Until then, choose a category above, or scan.</source>
        <translation>店里卖得最好的商品会随销售显示在这里。在此之前，请选择上方的分类，或直接扫码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/grid.py" line="180" />
        <source>Nothing for sale in this category.</source>
        <translation>这个分类里没有在售商品。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/grid.py" line="185" />
        <source>/kg</source>
        <translation>/公斤</translation>
    </message>
</context>
<context>
    <name>ProductListModel</name>
    <message>
        <location filename="../../app/ui/sell/search.py" line="35" />
        <source>/kg</source>
        <translation>/公斤</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../app/devices/receipt.py" line="25" />
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="25" />
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="26" />
        <source>Mobile</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="31" />
        <source>VAT {rate}%</source>
        <translation>增值税 {rate}%</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="95" />
        <source>{price}/kg</source>
        <translation>{price}/公斤</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="105" />
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="107" />
        <location filename="../../app/devices/receipt.py" line="165" />
        <source>Discounts</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="109" />
        <location filename="../../app/devices/receipt.py" line="166" />
        <source>Cash rounding</source>
        <translation>现金舍入</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="125" />
        <source>Receipt {no}</source>
        <translation>小票 {no}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="128" />
        <source>Served by {name}</source>
        <translation>收银员 {name}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="132" />
        <source>Customer: {name}</source>
        <translation>顾客：{name}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="134" />
        <source>Points earned: {points}</source>
        <translation>获得积分：{points}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="143" />
        <source>COPY</source>
        <translation>副本</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="144" />
        <source>TOTAL</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="147" />
        <source>Scan for your digital receipt and tell us how we did</source>
        <translation>扫码查看电子小票并评价本次购物</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="158" />
        <source>Opened {when}</source>
        <translation>开班 {when}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="159" />
        <source>Closed {when}</source>
        <translation>结班 {when}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="160" />
        <source>Still open (X report)</source>
        <translation>仍在营业（X 报表）</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="163" />
        <location filename="../../app/devices/receipt.py" line="189" />
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="164" />
        <source>Gross sales</source>
        <translation>销售总额</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="167" />
        <source>Net sales</source>
        <translation>销售净额</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="168" />
        <source>Refunds ({count})</source>
        <translation>退款（{count}）</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="172" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="175" />
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="176" />
        <source>Paid in</source>
        <translation>存入</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="177" />
        <source>Paid out</source>
        <translation>支出</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="178" />
        <source>Expected in drawer</source>
        <translation>钱箱应有</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="181" />
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="183" />
        <source>Over</source>
        <translation>长款</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="183" />
        <source>Short</source>
        <translation>短款</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="184" />
        <source>Over/short</source>
        <translation>长短款</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="187" />
        <source>Z report</source>
        <translation>Z 报表</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="187" />
        <source>X report</source>
        <translation>X 报表</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="189" />
        <source>Tenders</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="190" />
        <location filename="../../app/devices/receipt.py" line="294" />
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="190" />
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="266" />
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="278" />
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="301" />
        <source>VAT rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="294" />
        <source>Gross</source>
        <translation>含税额</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="148" />
        <source>You saved {amount}</source>
        <translation>您节省了 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="273" />
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
</context>
<context>
    <name>ReceiptsDialog</name>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="141" />
        <source>Receipts</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="142" />
        <source>Scan or type a receipt number</source>
        <translation>扫描或输入小票号</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="153" />
        <source>Reprint</source>
        <translation>重打</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="157" />
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="159" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="219" />
        <source>Copy of {no} sent to the printer.</source>
        <translation>{no} 的副本已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="227" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>ReceiveModel</name>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="61" />
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="61" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="62" />
        <source>Shipped</source>
        <translation>发货数</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="62" />
        <source>Received</source>
        <translation>实收</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="63" />
        <source>Damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="63" />
        <source>To the shelf</source>
        <translation>上架</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="64" />
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="105" />
        <source>{n} short</source>
        <translation>短少 {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="107" />
        <source>{n} extra</source>
        <translation>多出 {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/deliveries_page.py" line="109" />
        <source>{n} damaged</source>
        <translation>损坏 {n}</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="133" />
        <location filename="../../app/ui/refund/dialog.py" line="155" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="134" />
        <source>Scan the receipt or type its number</source>
        <translation>扫描小票或输入小票号</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="148" />
        <source>&amp;Goods go back on the shelf (restock)</source>
        <translation>商品放回货架（入库）(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="149" />
        <source>Reason (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="153" />
        <source>Refund everything</source>
        <translation>全部退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="158" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="198" />
        <source>Everything on {no} was already refunded.</source>
        <translation>{no} 上的商品已全部退款。</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="206" />
        <source>Choose what comes back: type a quantity in the Refund column, or Ctrl+A for everything.</source>
        <translation>请选择退货：在“退款”列输入数量，或按 Ctrl+A 全部退款。</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="213" />
        <source>Not refunded: no owner approved.</source>
        <translation>未退款：没有店主授权。</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="223" />
        <source>Refunded {total}. Give back: {parts}</source>
        <translation>已退款 {total}。退还：{parts}</translation>
    </message>
</context>
<context>
    <name>RefundLinesModel</name>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="61" />
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="61" />
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="61" />
        <source>Can refund</source>
        <translation>可退</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="61" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="61" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="102" />
        <source>Type how many to refund as a whole number (grams for weighed goods).</source>
        <translation>请输入要退的数量（整数，称重商品以克计）。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="60" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="60" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="60" />
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="61" />
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="61" />
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="61" />
        <source>Last quarter</source>
        <translation>上季度</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="62" />
        <source>Chosen dates</source>
        <translation>自选日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="66" />
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="67" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="68" />
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="77" />
        <source>Days are the shop&apos;s calendar days in its time zone ({zone}). VAT on the total is worked out on each rate&apos;s net takings for the whole period, rounded to the cent once; the receipts&apos; VAT is what each receipt printed. The difference is the rounding between the two.</source>
        <translation>日期按本店所在时区（{zone}）的日历日计算。“按总额计算的增值税”是按各税率整段期间的净营业额计算、只取整一次到分；“小票增值税”是每张小票上打印的税额。两者之差即为取整差异。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="84" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="111" />
        <location filename="../../app/ui/backoffice/reports_page.py" line="162" />
        <source>Takings per VAT rate</source>
        <translation>按税率的营业额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="111" />
        <location filename="../../app/ui/backoffice/reports_page.py" line="163" />
        <source>VAT per rate</source>
        <translation>按税率的增值税</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="112" />
        <location filename="../../app/ui/backoffice/reports_page.py" line="164" />
        <source>Tenders</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="115" />
        <source>VAT rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="115" />
        <source>Gross takings</source>
        <translation>毛营业额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="115" />
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="116" />
        <source>Net takings</source>
        <translation>净营业额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="116" />
        <source>Net excl. VAT</source>
        <translation>不含税净额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="117" />
        <source>VAT</source>
        <translation>增值税</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="117" />
        <source>VAT on the total</source>
        <translation>按总额计算的增值税</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="118" />
        <source>VAT on sales receipts</source>
        <translation>销售小票增值税</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="118" />
        <source>VAT on refunds</source>
        <translation>退款增值税</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="119" />
        <source>Receipts&apos; VAT</source>
        <translation>小票增值税</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="119" />
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="120" />
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="120" />
        <source>Taken</source>
        <translation>收入</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="120" />
        <source>Given back</source>
        <translation>退还</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="121" />
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="142" />
        <source>The period must end after it starts: check the dates.</source>
        <translation>结束日期必须晚于开始日期：请检查日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="155" />
        <source>Working out the takings…</source>
        <translation>正在计算营业额…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="161" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="171" />
        <source>{first} – {last}: {sales} sales, {refunds} refunds, net takings {net}.</source>
        <translation>{first} – {last}：{sales} 笔销售，{refunds} 笔退款，净营业额 {net}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="189" />
        <location filename="../../app/ui/backoffice/reports_page.py" line="212" />
        <source>Show the figures first.</source>
        <translation>请先查看数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="191" />
        <source>Folder for the CSV reports</source>
        <translation>CSV 报表的保存文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="206" />
        <source>Exported {n} report(s) to {where}.</source>
        <translation>已将 {n} 份报表导出到 {where}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="208" />
        <source>Exporting CSV…</source>
        <translation>正在导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="214" />
        <source>Export as PDF</source>
        <translation>导出为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="215" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="220" />
        <source>Takings and VAT – {shop}</source>
        <translation>营业额与增值税 – {shop}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="221" />
        <source>{first} to {last} (shop days, {zone}) · shop {code}</source>
        <translation>{first} 至 {last}（本店日历日，{zone}）· 门店 {code}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="232" />
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/reports_page.py" line="234" />
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
</context>
<context>
    <name>RowsModel</name>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="82" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="82" />
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>SellScreen</name>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="41" />
        <source>Scan a barcode, or type a name, SKU or barcode to search</source>
        <translation>扫描条码，或输入名称、货号或条码搜索</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="132" />
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="133" />
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="134" />
        <source>Mobile</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="135" />
        <location filename="../../app/ui/sell/screen.py" line="442" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="136" />
        <location filename="../../app/ui/sell/screen.py" line="474" />
        <source>Line discount</source>
        <translation>单品折扣</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="137" />
        <location filename="../../app/ui/sell/screen.py" line="489" />
        <source>Sale discount</source>
        <translation>整单折扣</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="138" />
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="139" />
        <location filename="../../app/ui/sell/screen.py" line="505" />
        <source>Price override</source>
        <translation>改价</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="140" />
        <source>Remove line</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="141" />
        <source>Void sale</source>
        <translation>作废整单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="142" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="143" />
        <source>Park</source>
        <translation>挂单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="144" />
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="145" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="146" />
        <source>Receipts</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="147" />
        <source>Cash session</source>
        <translation>现金班次</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="148" />
        <source>Back office</source>
        <translation>后台</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="149" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="150" />
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sell/screen.py" line="284" />
        <source>%n match(es) for “{text}” · ↑/↓ to choose, Enter to add</source>
        <translation>
            <numerusform>“{text}” 有 %n 个结果 · ↑/↓ 选择，回车添加</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="328" />
        <source>No barcode or SKU {code}: choose from the matches with ↑/↓ and Enter.</source>
        <translation>没有条码或货号 {code}：请用 ↑/↓ 和回车从结果中选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="391" />
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="391" />
        <source>{what}: type the weight in grams.</source>
        <translation>{what}：请输入重量（克）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="419" />
        <source>Choose a line first (↑/↓).</source>
        <translation>请先选择一行（↑/↓）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="428" />
        <source>Weighed goods: set the weight with F2.</source>
        <translation>称重商品：请用 F2 设置重量。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="441" />
        <source>Weight of {name} in grams:</source>
        <translation>{name} 的重量（克）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="441" />
        <source>Quantity of {name}:</source>
        <translation>{name} 的数量：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="463" />
        <source>Not done: no owner approved.</source>
        <translation>未执行：没有店主授权。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="475" />
        <source>Discount on {name}: an amount (0.50) or a percentage (10%).</source>
        <translation>{name} 的折扣：金额（0.50）或百分比（10%）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="487" />
        <source>The cart is empty.</source>
        <translation>购物车是空的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="490" />
        <source>Discount on the whole sale: an amount (2.00) or a percentage (10%).</source>
        <translation>整单折扣：金额（2.00）或百分比（10%）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="506" />
        <source>New price of {name} (an owner approves):</source>
        <translation>{name} 的新价格（需店主授权）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="518" />
        <source>Sale voided.</source>
        <translation>整单已作废。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="539" />
        <source>Sale parked. F9 resumes it.</source>
        <translation>已挂单。按 F9 取单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="543" />
        <source>Finish or park this sale before resuming another.</source>
        <translation>请先完成或挂起当前销售，再恢复其他挂单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="547" />
        <source>No sale is parked.</source>
        <translation>没有挂单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="574" />
        <source>Price changed since scanned — this sale keeps the scanned price:</source>
        <translation>扫描后价格已变动——本单保持扫描时的价格：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="582" />
        <source>The cart is empty: scan something first.</source>
        <translation>购物车是空的：请先扫描商品。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="585" />
        <source>No cash session is open: open one with a float (Ctrl+E) before selling.</source>
        <translation>没有开启的现金班次：销售前请用备用金开班（Ctrl+E）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="603" />
        <source>Change {change} · receipt {no} (Ctrl+P shows it)</source>
        <translation>找零 {change} · 小票 {no}（Ctrl+P 查看）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="630" />
        <source>Subtotal {amount}</source>
        <translation>小计 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="632" />
        <source>Discounts {amount}</source>
        <translation>折扣 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="640" />
        <source>{rate}: {tax} of {gross}</source>
        <translation>{rate}：{gross} 中含 {tax}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="647" />
        <source>Customer: {name} · {points} points</source>
        <translation>顾客：{name} · {points} 积分</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="651" />
        <source>No customer (F11 to add one)</source>
        <translation>无顾客（F11 添加）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="610" />
        <source>Change due</source>
        <translation>应找零</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="610" />
        <source>No change due</source>
        <translation>无需找零</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="369" />
        <source>Coupon {code} accepted: saves {amount}.</source>
        <translation>已接受优惠券 {code}：节省 {amount}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="636" />
        <source>You save {amount}</source>
        <translation>共节省 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="638" />
        <source>Coupon {code}</source>
        <translation>优惠券 {code}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings.py" line="63" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="69" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="69" />
        <source>Dark, high contrast</source>
        <translation>深色高对比度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="75" />
        <source>No printer</source>
        <translation>无打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="75" />
        <source>Receipt printer on the network (ESC/POS)</source>
        <translation>网络小票打印机（ESC/POS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="76" />
        <source>Receipt printer on USB (ESC/POS)</source>
        <translation>USB 小票打印机（ESC/POS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="76" />
        <source>Receipt printer on a serial port (ESC/POS)</source>
        <translation>串口小票打印机（ESC/POS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="77" />
        <source>System printer</source>
        <translation>系统打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="77" />
        <source>PDF files in a folder</source>
        <translation>保存为文件夹中的 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="87" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="88" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="89" />
        <source>Receipts</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="90" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="92" />
        <source>Characters per line</source>
        <translation>每行字符数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="103" />
        <source>host or host:port, e.g. 192.168.1.50:9100</source>
        <translation>主机或 主机:端口，例如 192.168.1.50:9100</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="104" />
        <source>vendor:product in hex, e.g. 04b8:0202</source>
        <translation>十六进制 厂商:产品，例如 04b8:0202</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="105" />
        <source>device, optionally @baud, e.g. /dev/ttyUSB0@19200</source>
        <translation>设备，可加 @波特率，例如 /dev/ttyUSB0@19200</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="106" />
        <source>printer name; empty for the default printer</source>
        <translation>打印机名称；留空使用默认打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="107" />
        <source>folder for the PDF files</source>
        <translation>PDF 文件所在文件夹</translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="22" />
        <source>Settle a conflict between tills</source>
        <translation>处理收银机之间的冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="26" />
        <source>e.g. called the customer, the money came back</source>
        <translation>例如：已联系顾客，款项已退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="27" />
        <source>What was done:</source>
        <translation>处理方式：</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="32" />
        <source>Say what was done about it.</source>
        <translation>请说明做了什么处理。</translation>
    </message>
</context>
<context>
    <name>SettlementPage</name>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="63" />
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="63" />
        <source>Last week</source>
        <translation>上周</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="63" />
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="64" />
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="64" />
        <source>Chosen dates</source>
        <translation>自选日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="69" />
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="70" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="71" />
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="74" />
        <location filename="../../app/ui/backoffice/settlement_page.py" line="283" />
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="74" />
        <location filename="../../app/ui/backoffice/settlement_page.py" line="283" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="87" />
        <source>Periods are whole days in UTC, as the platform settles them. The platform computes the same statement from the same synced sales, refunds and deliveries: sales not yet synced are on this till&apos;s statement but not yet on the platform&apos;s.</source>
        <translation>结算期按 UTC 整天计算，与平台一致。平台根据同样已同步的销售、退款和到货计算同一份对账单：尚未同步的销售会出现在本机的对账单上，但还不在平台的对账单上。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="107" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="166" />
        <source>The period must end after it starts: check the dates.</source>
        <translation>结束日期必须晚于开始日期：请检查日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="182" />
        <source>Working out the statement…</source>
        <translation>正在计算对账单…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="188" />
        <source>Goods received from the platform, at wholesale cost</source>
        <translation>从平台收到的货物（批发成本）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="189" />
        <source>Sales of platform goods (tax included, net of refunds)</source>
        <translation>平台商品销售额（含税，扣除退款）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="190" />
        <location filename="../../app/ui/backoffice/settlement_page.py" line="192" />
        <source>   of which tax</source>
        <translation>   其中税额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="191" />
        <source>Sales of the shop&apos;s own goods (tax included)</source>
        <translation>本店自有商品销售额（含税）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="193" />
        <source>Wholesale cost of platform goods sold</source>
        <translation>已售平台商品的批发成本</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="195" />
        <source>Margin on platform goods (sales without tax, less cost)</source>
        <translation>平台商品毛利（不含税销售额减成本）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="196" />
        <source>Platform commission ({rate} of platform sales)</source>
        <translation>平台佣金（平台商品销售额的 {rate}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="198" />
        <source>Amount due to the platform (goods received + commission)</source>
        <translation>应付平台金额（收货成本 + 佣金）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="228" />
        <source>&lt;b&gt;Statement {first} – {last}&lt;/b&gt;: {due} due to the platform.</source>
        <translation>&lt;b&gt;对账单 {first} – {last}&lt;/b&gt;：应付平台 {due}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="255" />
        <location filename="../../app/ui/backoffice/settlement_page.py" line="272" />
        <source>Show a statement first.</source>
        <translation>请先查看对账单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="257" />
        <source>Export the statement to CSV</source>
        <translation>导出对账单为 CSV</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="258" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="265" />
        <source>The file could not be written: {error}</source>
        <translation>无法写入文件：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="267" />
        <location filename="../../app/ui/backoffice/settlement_page.py" line="288" />
        <source>Statement saved to {path}.</source>
        <translation>对账单已保存到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="274" />
        <source>Export the statement to PDF</source>
        <translation>导出对账单为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="275" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="280" />
        <source>Settlement statement – {shop}</source>
        <translation>结算对账单 – {shop}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="281" />
        <source>{first} to {last} (UTC days) · shop {code}</source>
        <translation>{first} 至 {last}（UTC 日）· 门店 {code}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="283" />
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="290" />
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="93" />
        <source>&lt;b&gt;Promotions&lt;/b&gt;</source>
        <translation>&lt;b&gt;促销&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="96" />
        <source>Promotion</source>
        <translation>促销</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="96" />
        <source>Offer</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="96" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="96" />
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="97" />
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="97" />
        <source>Sold</source>
        <translation>售出</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="97" />
        <source>Savings</source>
        <translation>节省金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="98" />
        <source>Platform-funded</source>
        <translation>平台承担</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="199" />
        <source>Amount due to the platform (goods received + commission − promotion credits)</source>
        <translation>应付平台金额（收货成本 + 佣金 − 促销抵扣）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="208" />
        <source>Promotions funded by the platform (credited to the shop)</source>
        <translation>平台承担的促销（记入店铺）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="214" />
        <source>running now</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="214" />
        <source>starts soon</source>
        <translation>即将开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="214" />
        <source>paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="215" />
        <source>later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="215" />
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/settlement_page.py" line="215" />
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="83" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="86" />
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="87" />
        <source>Owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="89" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="92" />
        <source>4 to 8 digits</source>
        <translation>4 到 8 位数字</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="94" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="95" />
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="100" />
        <source>Type a name.</source>
        <translation>请输入姓名。</translation>
    </message>
</context>
<context>
    <name>StaffModel</name>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="36" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="36" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="37" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="37" />
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="38" />
        <source>owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="38" />
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="58" />
        <source>active</source>
        <translation>在职</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="58" />
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="163" />
        <source>Add a cashier…</source>
        <translation>添加收银员…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="164" />
        <source>Add an owner…</source>
        <translation>添加店主…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="165" />
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="166" />
        <source>New PIN…</source>
        <translation>新 PIN…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="145" />
        <location filename="../../app/ui/backoffice/staff_page.py" line="148" />
        <location filename="../../app/ui/backoffice/staff_page.py" line="167" />
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="193" />
        <source>Active staff: {n}. Each has their own PIN; a PIN tells the till who sold, refunded or counted.</source>
        <translation>在职员工：{n} 人。每人有自己的 PIN；收银台凭 PIN 记录是谁销售、退款或盘点。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="221" />
        <source>Add an owner</source>
        <translation>添加店主</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="221" />
        <source>Add a cashier</source>
        <translation>添加收银员</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="226" />
        <source>{name} can now log in with their PIN.</source>
        <translation>{name} 现在可以用自己的 PIN 登录了。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="233" />
        <source>Rename {name}</source>
        <translation>为 {name} 改名</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="237" />
        <source>Renamed to {name}.</source>
        <translation>已改名为 {name}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="244" />
        <source>New PIN for {name}</source>
        <translation>{name} 的新 PIN</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="253" />
        <source>No owner approved: the PIN was not changed.</source>
        <translation>没有店主批准：PIN 未更改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="255" />
        <source>{name} has a new PIN.</source>
        <translation>{name} 已设置新 PIN。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="267" />
        <source>{name} is deactivated and can no longer log in; their past sales keep their name.</source>
        <translation>{name} 已停用，无法再登录；其以往的销售仍保留其姓名。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="146" />
        <source>Deactivate {name}? They will no longer be able to log in; their past sales keep their name.</source>
        <translation>停用 {name}？停用后将无法登录；其以往的销售仍保留其姓名。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/staff_page.py" line="149" />
        <source>Keep</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>StockModel</name>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="173" />
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="173" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="174" />
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="174" />
        <source>In stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="175" />
        <source>Reorder at</source>
        <translation>补货点</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="175" />
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="176" />
        <source>Local</source>
        <translation>本店</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="333" />
        <source>{name} (no longer sold)</source>
        <translation>{name}（已停售）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="341" />
        <source> /kg</source>
        <translation> /公斤</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/models.py" line="343" />
        <source>local</source>
        <translation>本店</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="26" />
        <source>Search name or SKU</source>
        <translation>搜索名称或货号</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="29" />
        <source>All products</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="29" />
        <source>Low stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="29" />
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="30" />
        <source>Negative (count needed)</source>
        <translation>负库存（需要盘点）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="34" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="46" />
        <location filename="../../app/ui/backoffice/stock_page.py" line="164" />
        <source>Choose a product to see its movements.</source>
        <translation>选择商品以查看库存变动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="50" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="50" />
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="50" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="51" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="51" />
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="51" />
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="65" />
        <source>Write off…</source>
        <translation>报损…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="66" />
        <source>Local price…</source>
        <translation>本店售价…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="67" />
        <source>New local product…</source>
        <translation>新建本店商品…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="85" />
        <source>Movements (newest first)</source>
        <translation>库存变动（最新在前）</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="123" />
        <source>Loading stock…</source>
        <translation>正在加载库存…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="144" />
        <source>{shown} of {total}</source>
        <translation>{shown} / {total}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="172" />
        <source>sale</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="172" />
        <source>refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="172" />
        <source>delivery</source>
        <translation>到货</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="173" />
        <source>write-off</source>
        <translation>报损</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="173" />
        <source>adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="173" />
        <source>count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="174" />
        <source>this till</source>
        <translation>本收银机</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="174" />
        <source>other till / platform</source>
        <translation>其他收银机 / 平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="178" />
        <source>{name} ({sku}): {level} in stock</source>
        <translation>{name}（{sku}）：库存 {level}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="197" />
        <source>Wrote off {qty} of {name} ({reason}).</source>
        <translation>已报损 {name} {qty}（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="213" />
        <source>{name} now sells at {price}.</source>
        <translation>{name} 现售价为 {price}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/stock_page.py" line="226" />
        <source>Added {name} as a product of your own.</source>
        <translation>已将 {name} 添加为本店商品。</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../app/ui/status.py" line="59" />
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="59" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="60" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="60" />
        <source>Platform offline</source>
        <translation>平台离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="62" />
        <source>· tills nearby: off</source>
        <translation>· 附近收银机：已关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="63" />
        <source>The other tills cannot reach this one: {why}</source>
        <translation>其他收银机无法连接本机：{why}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="65" />
        <source>· %n till(s) nearby</source>
        <translation>
            <numerusform>· 附近 %n 台收银机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="68" />
        <source>· %n conflict(s) between tills</source>
        <translation>
            <numerusform>· 收银机之间有 %n 个冲突</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="70" />
        <source>The owner settles them in the back office (F10), Data page, or with: corner peers conflicts</source>
        <translation>店主可在后台（F10）的数据页处理，或使用：corner peers conflicts</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="73" />
        <source>%n event(s) waiting to sync</source>
        <translation>
            <numerusform>%n 条记录等待同步</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="74" />
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="74" />
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync.py" line="69" />
        <source>Update required — sales stay queued</source>
        <translation>需要更新——销售记录仍在队列中</translation>
    </message>
</context>
<context>
    <name>TenderDialog</name>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="29" />
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="36" />
        <source>To pay</source>
        <translation>应付</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="38" />
        <source>Left to pay</source>
        <translation>尚欠</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="40" />
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="58" />
        <source>Reference (the terminal&apos;s approval code)</source>
        <translation>参考号（终端授权码）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="75" />
        <source>Enter adds the amount · Ctrl+Backspace takes the last one off · Esc cancels</source>
        <translation>回车添加金额 · Ctrl+Backspace 撤销上一笔 · Esc 取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="81" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="86" />
        <source>Tenders</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="145" />
        <source>Type the amount like 12.50.</source>
        <translation>请按 12.50 的格式输入金额。</translation>
    </message>
</context>
<context>
    <name>TillWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="114" />
        <source>Corner — {shop}</source>
        <translation>Corner — {shop}</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="130" />
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="130" />
        <source>Logged out</source>
        <translation>已登出</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="136" />
        <source>owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="136" />
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="137" />
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="139" />
        <source>No cash session is open: Ctrl+E opens one with a float.</source>
        <translation>没有开启的现金班次：按 Ctrl+E 用备用金开班。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="204" />
        <source>Drawer opened with a float of {amount}.</source>
        <translation>钱箱已开班，备用金 {amount}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="217" />
        <source>Back office</source>
        <translation>后台</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="217" />
        <source>The back office is not available in this version.</source>
        <translation>此版本没有后台功能。</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="157" />
        <source>Corner cannot open this till</source>
        <translation>Corner 无法打开这台收银机</translation>
    </message>
</context>
<context>
    <name>WriteOffDialog</name>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="60" />
        <source>Write off stock</source>
        <translation>库存报损</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="61" />
        <source>Write off {name}</source>
        <translation>报损 {name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="64" />
        <source> g</source>
        <translation> 克</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="66" />
        <source>Spoiled</source>
        <translation>变质</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="66" />
        <source>Damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="66" />
        <source>Stolen</source>
        <translation>失窃</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="67" />
        <source>Past its date</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="67" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="71" />
        <source>optional: what happened</source>
        <translation>可选：发生了什么</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="72" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="73" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/backoffice/dialogs.py" line="74" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
</TS>
