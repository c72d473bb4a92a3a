/**
 * What each industry task force's projects look like: how many, where (县域布局), how big, and
 * which products or facilities they build. Counts include the projects named in seed 003.
 */
import type { CountyId, Park } from './regions';

/** Investment range in 万元 (log-uniform), for products whose size is well known. */
type Band = [min: number, max: number];

export interface Product {
  /** A product or a facility; `{place}` becomes a well-known place of the county, `{county}` its short name. */
  name: string;
  /** `annual`: 年产10万吨…; `capacity`: 10万千瓦…; absent: the name alone. */
  form?: 'annual' | 'capacity';
  unit?: string;
  /** Ascending; bigger investments build bigger amounts. */
  amounts?: number[];
  /** Overrides the template's scaled, city-wide investment distribution. */
  band?: Band;
  /** Overrides the template's enterprise name endings (矿泉水 is made by 饮品, not 肉类食品). */
  suffix?: string;
  /** Only in these counties (e.g. kiwifruit in Cangxi). */
  counties?: CountyId[];
}

export interface IndustryTemplate {
  taskForceId: string;
  count: number;
  counties: Partial<Record<CountyId, number>>;
  /** Share of projects that cluster in a park rather than across the county. */
  parkShare: number;
  parkFocus?: Park['focus'];
  /** Multiplies the city-wide investment distribution. */
  scale: number;
  /** Factories can be upgraded in place (技改); services and farms cannot. */
  manufacturing: boolean;
  /** Enterprise name endings: 铝业, 食品 … */
  suffixes: string[];
  products: Product[];
}

type Extra = Pick<Product, 'band' | 'suffix' | 'counties'>;
const annual = (name: string, unit: string, amounts: number[], extra: Extra = {}): Product => ({
  name,
  form: 'annual',
  unit,
  amounts,
  ...extra,
});
const capacity = (name: string, unit: string, amounts: number[], extra: Extra = {}): Product => ({
  name,
  form: 'capacity',
  unit,
  amounts,
  ...extra,
});
const facility = (name: string, band?: Band, extra: Extra = {}): Product => ({ name, band, ...extra });
const plain = (...names: string[]): Product[] => names.map((name) => ({ name }));

export const INDUSTRY_TEMPLATES: IndustryTemplate[] = [
  {
    taskForceId: 'aluminum',
    count: 60,
    parkShare: 0.9,
    scale: 1.3,
    manufacturing: true,
    counties: { lizhou: 45, qingchuan: 22, jiange: 22, zhaohua: 6, wangcang: 5 },
    suffixes: ['铝业', '新材料', '铝材', '金属科技', '铝合金'],
    products: [
      annual('再生铝合金锭', '万吨', [5, 10, 15, 20, 30]),
      annual('铝合金圆铸棒', '万吨', [5, 10, 15, 20]),
      annual('高精铝板带', '万吨', [3, 5, 10], { band: [50_000, 300_000] }),
      annual('电池铝箔', '万吨', [2, 3, 5], { band: [30_000, 200_000] }),
      annual('工业铝型材', '万吨', [2, 3, 5, 8]),
      annual('建筑铝模板', '万平方米', [20, 30, 50, 100], { band: [5_000, 30_000] }),
      annual('汽车轻量化铝部件', '万件', [50, 100, 200]),
      annual('铝合金门窗', '万平方米', [30, 50, 100], { band: [5_000, 30_000] }),
      annual('铝灰渣资源化利用', '万吨', [2, 5, 10], { band: [5_000, 30_000] }),
      annual('预焙阳极', '万吨', [10, 20, 30], { band: [50_000, 200_000] }),
      annual('铝合金轮毂', '万只', [50, 100, 200]),
      annual('光伏铝边框', '万吨', [2, 3, 5], { band: [10_000, 60_000] }),
      annual('铝基复合材料', '万吨', [1, 2, 3]),
    ],
  },
  {
    taskForceId: 'silicon',
    count: 20,
    parkShare: 0.85,
    scale: 2,
    manufacturing: true,
    counties: { lizhou: 6, zhaohua: 6, jiange: 4, wangcang: 2, qingchuan: 2 },
    suffixes: ['硅业', '新材料', '硅材料', '光电科技'],
    products: [
      annual('工业硅', '万吨', [5, 10, 20], { band: [100_000, 600_000] }),
      annual('多晶硅', '万吨', [5, 10], { band: [300_000, 1_200_000] }),
      annual('有机硅单体', '万吨', [10, 20], { band: [200_000, 800_000] }),
      annual('单晶硅片', 'GW', [5, 10, 20], { band: [100_000, 800_000] }),
      annual('光伏组件', 'GW', [2, 5, 10], { band: [50_000, 300_000] }),
      annual('高效电池片', 'GW', [5, 10], { band: [100_000, 600_000] }),
      annual('石英坩埚', '万只', [5, 10], { band: [10_000, 60_000] }),
      annual('硅微粉', '万吨', [5, 10, 20], { band: [10_000, 60_000] }),
      annual('碳化硅', '万吨', [1, 2, 5], { band: [20_000, 150_000] }),
      annual('硅碳负极材料', '万吨', [1, 2, 5], { band: [30_000, 200_000] }),
    ],
  },
  {
    taskForceId: 'clean-energy',
    count: 30,
    parkShare: 0.1,
    scale: 1.5,
    manufacturing: false,
    counties: { wangcang: 5, qingchuan: 5, chaotian: 5, jiange: 5, cangxi: 5, lizhou: 3, zhaohua: 2 },
    suffixes: ['新能源', '能源发展', '电力', '清洁能源'],
    products: [
      facility('{place}农光互补光伏电站', [30_000, 300_000]),
      facility('{place}风电场', [50_000, 400_000]),
      facility('{place}抽水蓄能电站', [500_000, 1_200_000]),
      facility('{place}小水电增效扩容', [2_000, 15_000]),
      facility('氢能综合利用示范', [10_000, 80_000]),
      facility('新能源汽车充换电基础设施', [3_000, 20_000]),
      capacity('分布式光伏', '兆瓦', [10, 20, 50], { band: [3_000, 25_000] }),
      capacity('生物质发电', '万千瓦', [3, 5], { band: [20_000, 60_000] }),
      capacity('独立储能电站', '兆瓦时', [100, 200, 400], { band: [15_000, 80_000] }),
    ],
  },
  {
    taskForceId: 'energy-chemical',
    count: 18,
    parkShare: 0.6,
    scale: 1.6,
    manufacturing: true,
    counties: { cangxi: 5, zhaohua: 5, jiange: 4, wangcang: 3, lizhou: 1 },
    suffixes: ['化工', '天然气', '能源', '燃气'],
    products: [
      annual('天然气净化', '亿立方米', [10, 20], { band: [100_000, 600_000] }),
      annual('液化天然气', '万吨', [10, 30], { band: [50_000, 300_000] }),
      annual('天然气制氢', '万吨', [1, 2], { band: [20_000, 100_000] }),
      annual('合成氨', '万吨', [20, 30], { band: [50_000, 300_000] }),
      annual('甲醇', '万吨', [20, 50], { band: [50_000, 300_000] }),
      annual('煤炭洗选', '万吨', [60, 120], { band: [10_000, 50_000] }),
      annual('硫磺回收', '万吨', [5, 10], { band: [10_000, 50_000] }),
      annual('精细化工中间体', '万吨', [1, 3, 5], { band: [10_000, 100_000] }),
      facility('CNG加气母站', [3_000, 15_000]),
      facility('天然气输配管网', [10_000, 100_000]),
      facility('煤矿智能化建设', [10_000, 80_000]),
    ],
  },
  {
    taskForceId: 'food-beverage',
    count: 45,
    parkShare: 0.7,
    scale: 0.8,
    manufacturing: true,
    counties: { cangxi: 9, lizhou: 8, jiange: 7, zhaohua: 6, wangcang: 5, qingchuan: 5, chaotian: 5 },
    suffixes: ['食品', '食品科技', '农产品开发'],
    products: [
      annual('猕猴桃果汁', '万吨', [2, 5, 10], { suffix: '饮品', counties: ['cangxi'] }),
      annual('预制菜', '万吨', [1, 2, 3, 5]),
      annual('火锅底料', '万吨', [1, 2, 5]),
      annual('冷鲜肉', '万吨', [3, 5, 10], { suffix: '肉类食品' }),
      annual('生猪屠宰及肉制品加工', '万头', [30, 50, 100], { band: [20_000, 100_000], suffix: '肉类食品' }),
      annual('饮用天然矿泉水', '万吨', [10, 20, 30], { suffix: '饮品' }),
      annual('茶叶精深加工', '吨', [500, 1000, 2000], { suffix: '茶业' }),
      annual('核桃油', '吨', [3000, 5000], { suffix: '油脂' }),
      annual('白酒', '千升', [1000, 3000, 5000], { band: [10_000, 150_000], suffix: '酒业' }),
      annual('休闲食品', '万吨', [1, 2, 3]),
      annual('食用菌精深加工', '万吨', [1, 2, 5]),
      annual('酱腌菜', '万吨', [2, 5]),
      annual('调味品', '万吨', [2, 5, 10]),
    ],
  },
  {
    taskForceId: 'green-home',
    count: 30,
    parkShare: 0.9,
    scale: 0.7,
    manufacturing: true,
    counties: { zhaohua: 8, lizhou: 8, chaotian: 5, qingchuan: 5, cangxi: 2, jiange: 2 },
    suffixes: ['家居', '建材', '新型建材'],
    products: [
      annual('定制家具', '万套', [5, 10, 20]),
      annual('人造板', '万立方米', [20, 30, 50], { suffix: '木业' }),
      annual('节能玻璃', '万平方米', [100, 200, 300], { suffix: '玻璃' }),
      annual('装配式建筑构件', '万立方米', [10, 20, 30]),
      annual('实木复合门', '万樘', [10, 20, 30], { suffix: '木业' }),
      annual('陶瓷岩板', '万平方米', [200, 500]),
      annual('环保涂料', '万吨', [2, 5], { suffix: '涂料' }),
      annual('竹木制品', '万件', [50, 100], { suffix: '木业' }),
      annual('纸面石膏板', '万平方米', [1000, 3000]),
      annual('新型墙体材料', '万立方米', [20, 30]),
      facility('全屋定制智能家居生产基地', undefined, { suffix: '家居' }),
    ],
  },
  {
    taskForceId: 'machinery-electronics',
    count: 25,
    parkShare: 0.95,
    scale: 0.8,
    manufacturing: true,
    counties: { lizhou: 12, zhaohua: 4, cangxi: 3, jiange: 2, wangcang: 2, chaotian: 2 },
    suffixes: ['机械', '电子', '智能装备', '科技', '精密制造'],
    products: [
      annual('片式电子元器件', '亿只', [5, 10, 20], { suffix: '电子' }),
      annual('印制电路板', '万平方米', [50, 100], { band: [30_000, 200_000], suffix: '电子' }),
      annual('汽车零部件', '万套', [10, 20, 50]),
      annual('智能终端', '万台', [50, 100, 200], { suffix: '电子' }),
      annual('锂离子电池', 'GWh', [1, 2, 5], { band: [100_000, 500_000], suffix: '新能源科技' }),
      annual('高效节能电机', '万台', [10, 30, 50], { suffix: '电机' }),
      annual('工程机械配件', '万件', [10, 30], { suffix: '机械' }),
      annual('光学镜头', '万件', [500, 1000], { suffix: '光电' }),
      annual('电线电缆', '万千米', [5, 10], { suffix: '线缆' }),
      annual('电动两轮车', '万辆', [5, 10, 20], { suffix: '车业' }),
      annual('数控机床', '台', [500, 1000], { suffix: '机床' }),
    ],
  },
  {
    taskForceId: 'medicine-health',
    count: 18,
    parkShare: 0.6,
    scale: 0.8,
    manufacturing: true,
    counties: { lizhou: 5, chaotian: 3, qingchuan: 3, wangcang: 3, cangxi: 2, jiange: 2 },
    suffixes: ['药业', '生物科技', '健康产业'],
    products: [
      annual('中药饮片', '吨', [3000, 5000, 10000], { suffix: '药业' }),
      annual('医用防护用品', '万件', [500, 1000], { suffix: '医疗用品' }),
      annual('天麻精深加工', '吨', [500, 1000]),
      annual('保健食品', '吨', [1000, 2000]),
      annual('兽药', '吨', [1000, 3000], { suffix: '动物药业' }),
      facility('{place}中药材规范化种植基地', [2_000, 15_000]),
      facility('高值医用耗材生产基地', undefined, { suffix: '医疗科技' }),
      facility('生物医药产业园', [50_000, 300_000]),
      facility('医药冷链配送中心', [5_000, 30_000]),
    ],
  },
  {
    taskForceId: 'logistics',
    count: 29,
    parkShare: 0.6,
    parkFocus: 'logistics',
    scale: 1.2,
    manufacturing: false,
    counties: { lizhou: 12, zhaohua: 6, jiange: 3, cangxi: 3, wangcang: 2, qingchuan: 2, chaotian: 1 },
    suffixes: ['物流', '供应链', '现代物流'],
    products: [
      facility('冷链物流中心', [10_000, 60_000], { suffix: '冷链物流' }),
      facility('公铁联运物流园', [50_000, 400_000]),
      facility('保税物流中心', [30_000, 150_000]),
      facility('城乡配送中心', [3_000, 20_000]),
      facility('农产品仓储物流园', [10_000, 60_000]),
      facility('快递分拨中心', [5_000, 40_000]),
      facility('智慧物流园', [20_000, 150_000]),
      facility('危化品物流中心', [10_000, 60_000]),
      facility('铁路专用线', [20_000, 150_000], { suffix: '港务' }),
      facility('汽车物流园', [10_000, 80_000]),
      facility('{county}物流园', [20_000, 150_000]),
      capacity('粮食储备库', '万吨', [5, 10], { band: [8_000, 40_000], suffix: '粮油' }),
    ],
  },
  {
    taskForceId: 'culture-tourism',
    count: 30,
    parkShare: 0,
    scale: 1,
    manufacturing: false,
    counties: { jiange: 6, zhaohua: 5, lizhou: 5, qingchuan: 4, chaotian: 4, wangcang: 3, cangxi: 3 },
    suffixes: ['文旅', '旅游开发', '康养产业', '文化旅游'],
    products: [
      facility('{place}景区提质升级', [10_000, 100_000]),
      facility('{place}康养度假区', [50_000, 500_000]),
      facility('{place}文旅综合体', [50_000, 300_000]),
      facility('{place}研学旅行基地', [3_000, 30_000]),
      facility('{place}精品民宿集群', [3_000, 20_000]),
      facility('{place}温泉康养小镇', [50_000, 300_000]),
      facility('{place}露营地', [2_000, 10_000]),
      facility('{place}游客服务中心', [2_000, 10_000]),
      facility('{place}夜游', [3_000, 20_000]),
      facility('{place}户外运动基地', [5_000, 30_000]),
      facility('{place}文化街区', [20_000, 150_000]),
    ],
  },
  {
    taskForceId: 'digital-economy',
    count: 14,
    parkShare: 0.8,
    scale: 0.6,
    manufacturing: false,
    counties: { lizhou: 10, zhaohua: 2, cangxi: 1, jiange: 1 },
    suffixes: ['数字科技', '信息技术', '大数据', '云计算'],
    products: [
      capacity('标准机架数据中心', '个', [1000, 3000, 5000], { band: [30_000, 300_000] }),
      facility('算力中心', [50_000, 300_000]),
      facility('工业互联网平台', [3_000, 20_000]),
      facility('智慧城市运营中心', [10_000, 50_000]),
      facility('软件和信息服务产业园', [20_000, 100_000]),
      facility('数字服务外包基地', [5_000, 30_000]),
      facility('5G+智慧工厂示范', [3_000, 20_000]),
      facility('北斗时空信息服务平台', [3_000, 15_000]),
    ],
  },
  {
    taskForceId: 'commerce',
    count: 20,
    parkShare: 0.2,
    scale: 0.8,
    manufacturing: false,
    counties: { lizhou: 8, zhaohua: 2, chaotian: 2, wangcang: 2, qingchuan: 2, jiange: 2, cangxi: 2 },
    suffixes: ['商贸', '商业管理', '实业', '置业'],
    products: [
      facility('{county}城市商业综合体', [50_000, 300_000]),
      facility('{county}汽车商贸城', [20_000, 100_000]),
      facility('农贸市场改造', [2_000, 10_000]),
      facility('建材家居市场', [10_000, 60_000]),
      facility('{place}特色商业街区', [10_000, 60_000]),
      facility('{county}农产品批发市场', [10_000, 60_000]),
      facility('五金机电城', [10_000, 50_000]),
      facility('社区商业中心', [3_000, 20_000]),
    ],
  },
  {
    taskForceId: 'agriculture',
    count: 25,
    parkShare: 0.3,
    parkFocus: 'agriculture',
    scale: 0.5,
    manufacturing: false,
    counties: { cangxi: 6, jiange: 4, wangcang: 4, qingchuan: 4, chaotian: 4, zhaohua: 2, lizhou: 1 },
    suffixes: ['农业', '农业开发', '生态农业', '现代农业'],
    products: [
      facility('{place}红心猕猴桃标准化基地', undefined, { counties: ['cangxi'] }),
      ...plain(
        '{place}高标准农田建设',
        '{place}现代农业园区',
        '{place}生猪标准化养殖场',
        '{place}茶叶基地',
        '{place}食用菌产业园',
        '{place}核桃基地提质增效',
        '{place}中蜂养殖基地',
        '{place}稻渔综合种养',
        '{place}设施蔬菜基地',
        '{place}智慧农业示范园',
      ),
    ],
  },
  {
    taskForceId: 'construction',
    count: 12,
    parkShare: 0.7,
    scale: 0.6,
    manufacturing: true,
    counties: { lizhou: 6, zhaohua: 3, cangxi: 1, jiange: 1, wangcang: 1 },
    suffixes: ['建设', '建工', '建筑科技', '建材'],
    products: [
      annual('预拌混凝土', '万立方米', [30, 50, 100]),
      annual('钢结构', '万吨', [5, 10]),
      annual('建筑垃圾资源化利用', '万吨', [20, 50]),
      annual('沥青混合料', '万吨', [20, 40]),
      ...plain('装配式建筑生产基地', '绿色建材产业园'),
    ],
  },
  {
    taskForceId: 'finance',
    count: 5,
    parkShare: 0.2,
    scale: 0.5,
    manufacturing: false,
    counties: { lizhou: 5 },
    suffixes: ['投资', '金融服务', '资产管理'],
    products: [
      facility('金融商务中心', [30_000, 150_000], { suffix: '置业' }),
      facility('金融科技产业园', [20_000, 100_000]),
      facility('数字金融服务平台', [2_000, 10_000], { suffix: '金融服务' }),
      facility('区域性股权市场服务基地', [2_000, 8_000], { suffix: '金融服务' }),
      facility('产业基金小镇', [30_000, 200_000], { suffix: '投资' }),
    ],
  },
  {
    taskForceId: 'e-commerce',
    count: 9,
    parkShare: 0.5,
    scale: 0.4,
    manufacturing: false,
    counties: { lizhou: 4, cangxi: 2, qingchuan: 2, wangcang: 1 },
    suffixes: ['电子商务', '网络科技', '电商', '供应链管理'],
    products: plain('直播电商基地', '跨境电商产业园', '农村电商服务中心', '电商物流分拨中心', '农产品电商供应链中心', '数字营销中心'),
  },
  {
    taskForceId: 'eco-environment',
    count: 10,
    parkShare: 0.5,
    scale: 0.6,
    manufacturing: true,
    counties: { lizhou: 2, zhaohua: 2, chaotian: 1, wangcang: 1, qingchuan: 1, jiange: 2, cangxi: 1 },
    suffixes: ['环保', '环境科技', '再生资源', '环境工程'],
    products: [
      annual('工业固废综合利用', '万吨', [10, 20, 50]),
      capacity('污水处理厂', '万吨/日', [1, 2, 5], { band: [5_000, 50_000] }),
      annual('再生资源回收利用', '万吨', [5, 10, 20]),
      capacity('餐厨垃圾处理厂', '吨/日', [100, 200], { band: [5_000, 20_000] }),
      annual('废旧动力电池回收利用', '万吨', [1, 2, 5]),
      capacity('生活垃圾焚烧发电', '吨/日', [600, 800], { band: [50_000, 150_000] }),
      facility('危险废物集中处置中心', [10_000, 60_000]),
    ],
  },
];

/** Two-character enterprise brands are drawn from these. */
export const BRAND_CHARS = [...'鑫华宏汇博源泰恒盛达兴瑞弘晟锦润德信嘉佳丰隆金天海宇诚安康和美欣荣昌茂浩卓越景鼎益合腾创凯亿蜀'];

/** Pairs that would read as well-known real brands. */
export const AVOIDED_BRANDS = new Set([
  '华润',
  '海信',
  '康美',
  '宏达',
  '恒瑞',
  '华泰',
  '天合',
  '海康',
  '华海',
  '宏源',
  '信达',
  '华安',
  '泰康',
  '天康',
  '安康',
  '金鼎',
  '盛和',
  '安泰',
  '鼎盛',
  '恒安',
  '天润',
  '和信',
  '华信',
  '海天',
  '康恩',
  '泰和',
  '恒信',
  '德康',
  '美金',
]);

/** Provinces of outside investors (招商引资). */
export const INVESTOR_ORIGINS = ['浙江', '福建', '广东', '重庆', '陕西', '江苏', '山东', '河南', '湖南', '上海'];
